package dev.kubelab.labs.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelab.labs.api.CheckResult;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * reachable / unreachable: the probe pod they create, the probe command they send, and how they
 * read its result. The mock has no kubelet, so exec answers are scripted here.
 */
@EnableKubernetesMockClient(crud = true)
class TrafficChecksTest {
  static KubernetesClient client;
  CheckHarness h;
  List<List<String>> sent = new ArrayList<>();
  Deque<PodExec.Result> answers = new LinkedList<>();

  static final String TO_DB = "to: {service: db, port: 3306}";
  static final String FROM_WEB = "from: {labels: {app: web}}";

  @BeforeEach
  void fresh() {
    client.pods().inAnyNamespace().delete();
    h = new CheckHarness(client).realCluster();
    h.exec = (ns, pod, container, command, timeout) -> {
      sent.add(command);
      return answers.isEmpty() ? new PodExec.Result(1, "nc: timed out") : answers.pop();
    };
  }

  void probeRunning() {
    h.seed("""
        apiVersion: v1
        kind: Pod
        metadata: {name: %s, labels: {app: web, kubelab.dev/probe: "true"}}
        spec: {containers: [{name: probe, image: busybox}]}
        status: {phase: Running, containerStatuses: [{name: probe, ready: false, restartCount: 0, image: busybox, imageID: "", state: {running: {}}}]}
        """.formatted(Probe.name(Map.of("app", "web"))));
  }

  @Test
  void skippedOnTheMock() {
    CheckResult r = new CheckHarness(client).grade("{kind: reachable, " + FROM_WEB + ", " + TO_DB + "}");
    assertThat(r.status()).isEqualTo(CheckResult.Status.SKIPPED);
  }

  @Test
  void theProbePodCarriesTheFromLabelsAndIsNeverReady() {
    CheckResult r = h.grade("{kind: reachable, " + FROM_WEB + ", " + TO_DB + ", probeStartSeconds: 1}");
    assertThat(r.passed()).isFalse();
    assertThat(r.detail()).contains("did not start within 1s").contains("busybox:1");
    Pod probe = client.pods().inNamespace("t").withName(Probe.name(Map.of("app", "web"))).get();
    assertThat(probe.getMetadata().getLabels()).containsEntry("app", "web").containsEntry(Probe.LABEL, "true");
    var c = probe.getSpec().getContainers().get(0);
    assertThat(c.getImage()).isEqualTo("busybox:1");
    assertThat(c.getReadinessProbe().getExec().getCommand()).containsExactly("false");
    assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(probe.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
  }

  @Test
  void reachablePassesWhenTheProbeConnects() {
    probeRunning();
    answers.add(new PodExec.Result(0, ""));
    CheckResult r = h.grade("{kind: reachable, " + FROM_WEB + ", " + TO_DB + "}");
    assertThat(r.passed()).as(r.detail()).isTrue();
    assertThat(sent.get(0)).containsExactly("nc", "-z", "-w", "3", "db.t", "3306");
  }

  @Test
  void reachableFailsSayingWhy() {
    probeRunning();
    answers.add(new PodExec.Result(1, "nc: can't connect to remote host (10.43.0.9): Connection refused"));
    CheckResult refused = h.grade("{kind: reachable, " + FROM_WEB + ", " + TO_DB + ", within: 0}");
    assertThat(refused.passed()).isFalse();
    assertThat(refused.detail()).contains("expected pods labelled app=web in namespace 't' to reach Service db on TCP port 3306")
        .contains("refused");
    answers.add(new PodExec.Result(1, "nc: bad address 'db.t'"));
    assertThat(h.grade("{kind: reachable, " + FROM_WEB + ", " + TO_DB + ", within: 0}").detail()).contains("did not resolve");
    assertThat(h.grade("{kind: reachable, " + FROM_WEB + ", " + TO_DB + ", within: 0}").detail()).contains("timed out");
  }

  @Test
  void unreachablePassesWhenBlockedAndFailsWhenItConnects() {
    probeRunning();
    assertThat(h.grade("{kind: unreachable, " + FROM_WEB + ", " + TO_DB + ", within: 0}").passed()).isTrue();
    answers.add(new PodExec.Result(0, ""));
    CheckResult r = h.grade("{kind: unreachable, " + FROM_WEB + ", " + TO_DB + ", within: 0}");
    assertThat(r.passed()).isFalse();
    assertThat(r.detail()).contains("to be blocked from Service db").contains("nothing stops this traffic");
  }

  @Test
  void unreachableWaitsForAPolicyToBeEnforced() {
    probeRunning();
    answers.add(new PodExec.Result(0, ""));
    answers.add(new PodExec.Result(1, "nc: timed out"));
    assertThat(h.grade("{kind: unreachable, " + FROM_WEB + ", " + TO_DB + ", within: 10}").passed()).isTrue();
    assertThat(sent).hasSize(2);
  }

  @Test
  void httpChecksStatusAndBody() {
    probeRunning();
    String to = "to: {service: web, port: 80, http: {path: /foo, status: 200, bodyContains: foo-backend}}";
    answers.add(new PodExec.Result(1, "  HTTP/1.1 404 Not Found\nwget: server returned error: HTTP/1.1 404 Not Found"));
    CheckResult notFound = h.grade("{kind: reachable, " + FROM_WEB + ", " + to + ", within: 0}");
    assertThat(notFound.passed()).isFalse();
    assertThat(notFound.detail()).contains("answered HTTP 404, not 200");
    assertThat(String.join(" ", sent.get(0))).contains("wget -S -q -T 3 -O - 'http://web.t:80/foo'");
    answers.add(new PodExec.Result(0, "  HTTP/1.1 200 OK\n  Content-Type: text/plain\nhello from foo-backend"));
    assertThat(h.grade("{kind: reachable, " + FROM_WEB + ", " + to + "}").passed()).isTrue();
    answers.add(new PodExec.Result(1, "  HTTP/1.1 404 Not Found"));
    assertThat(h.grade("{kind: unreachable, " + FROM_WEB + ", " + to + ", within: 0}").passed())
        .as("any HTTP answer means the traffic got through").isFalse();
  }

  @Test
  void aPodTargetUsesItsIp() {
    probeRunning();
    h.seed("{apiVersion: v1, kind: Pod, metadata: {name: db-0, labels: {app: db}}, spec: {containers: [{name: c, image: x}]},"
        + " status: {phase: Running, podIP: 10.42.1.7}}");
    answers.add(new PodExec.Result(0, ""));
    assertThat(h.grade("{kind: reachable, " + FROM_WEB + ", to: {pod: app=db, port: 3306}}").passed()).isTrue();
    assertThat(sent.get(0)).containsExactly("nc", "-z", "-w", "3", "10.42.1.7", "3306");
  }

  @Test
  void aHostThatNamesANodeIsReachedAtItsInternalIp() {
    probeRunning();
    h.seed("{apiVersion: v1, kind: Node, metadata: {name: worker-b7}, status: {addresses: [{type: Hostname, address: worker-b7},"
        + " {type: InternalIP, address: 192.168.49.3}]}}");
    answers.add(new PodExec.Result(0, ""));
    assertThat(h.grade("{kind: reachable, " + FROM_WEB + ", to: {host: worker-b7, port: 30080}}").passed()).isTrue();
    assertThat(sent.get(0)).containsExactly("nc", "-z", "-w", "3", "192.168.49.3", "30080");
    // a host that is no node is used as written
    answers.add(new PodExec.Result(0, ""));
    assertThat(h.grade("{kind: reachable, " + FROM_WEB + ", to: {host: example.internal, port: 80}}").passed()).isTrue();
    assertThat(sent.get(1)).containsExactly("nc", "-z", "-w", "3", "example.internal", "80");
    client.nodes().withName("worker-b7").delete();
  }

  @Test
  void badFieldsAreReported() {
    CheckResult r = h.grade("{kind: reachable, from: {labels: {app: web}}, to: {service: db, host: x, port: 99999}}");
    assertThat(r.detail()).contains("broken in the content").contains("exactly one of service, pod");
  }
}
