package dev.kubelab.labs.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.labs.check.PodExec;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The enforcement proof against the mock API server, with a stand-in kubelet that starts pods and
 * a stand-in network that connects or not: enforced, not enforced, and no pod traffic at all; two
 * proofs at once; and the API server's refusals, each worded by its cause.
 */
@EnableKubernetesMockClient(crud = true)
class PolicyEnforcementTest {
  KubernetesClient client;
  KubernetesMockServer server;
  ScheduledExecutorService kubelet;
  final List<String> progress = new CopyOnWriteArrayList<>();
  final List<List<String>> probes = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startKubelet() {
    kubelet = Executors.newSingleThreadScheduledExecutor();
    kubelet.scheduleWithFixedDelay(() -> {
      for (Pod p : client.pods().inAnyNamespace().list().getItems()) {
        if (p.getStatus() != null && p.getStatus().getPodIP() != null) continue;
        p.setStatus(new PodStatusBuilder().withPhase("Running").withPodIP("10.42.1." + (p.getMetadata().getName().length()))
            .addNewCondition().withType("Ready").withStatus("True").endCondition()
            .addNewContainerStatus().withName(p.getSpec().getContainers().get(0).getName()).withReady(true)
            .withNewState().withNewRunning().endRunning().endState().endContainerStatus().build());
        client.pods().inNamespace(p.getMetadata().getNamespace()).resource(p).updateStatus();
      }
    }, 0, 100, TimeUnit.MILLISECONDS);
  }

  @AfterEach
  void stopKubelet() {
    kubelet.shutdownNow();
  }

  /** A network where a probe connects unless a deny-all policy exists in its namespace and {@code enforced}. */
  PodExec network(boolean podsTalk, boolean enforced) {
    return (namespace, pod, container, command, timeout) -> {
      probes.add(command);
      boolean denied = client.network().v1().networkPolicies().inNamespace(namespace).withName("deny-all").get() != null;
      boolean connects = podsTalk && !(denied && enforced);
      return new PodExec.Result(connects ? 0 : 1, connects ? "" : "nc: timed out");
    };
  }

  List<String> proofNamespaces() {
    return client.namespaces().list().getItems().stream().map(n -> n.getMetadata().getName())
        .filter(n -> n.startsWith(PolicyEnforcement.PREFIX)).toList();
  }

  @Test
  void aClusterThatEnforcesPoliciesIsProvenAndTheTestNamespaceGoes() {
    assertThat(PolicyEnforcement.prove(client, network(true, true), "busybox:1.37.0", progress::add, Duration.ofSeconds(3)))
        .isEqualTo(PolicyEnforcement.Verdict.ENFORCED);
    assertThat(progress).contains("NetworkPolicy is enforced");
    assertThat(probes).allMatch(c -> c.get(0).equals("nc") && c.contains("8080"));
    assertThat(proofNamespaces()).isEmpty();
  }

  @Test
  void aClusterThatIgnoresPoliciesIsNotEnforcedAndSaysWhy() {
    assertThat(PolicyEnforcement.prove(client, network(true, false), "busybox:1.37.0", progress::add, Duration.ofSeconds(2)))
        .isEqualTo(PolicyEnforcement.Verdict.NOT_ENFORCED);
    assertThat(progress).anyMatch(l -> l.contains("NOT enforced: a deny-all policy did not block the probe within 2 seconds"));
    assertThat(proofNamespaces()).isEmpty();
    assertThat(PolicyEnforcement.notEnforced(false)).contains("your cluster's CNI", "Calico").doesNotContain("--agents", "modprobe");
    assertThat(PolicyEnforcement.notEnforced(true)).contains("ip_set");
  }

  @Test
  void podsThatCannotTalkAtAllAreNotMistakenForEnforcement() {
    assertThatThrownBy(() -> PolicyEnforcement.prove(client, network(false, true), "busybox:1.37.0", progress::add, Duration.ofSeconds(2)))
        .isInstanceOf(KubelabException.class).hasMessageContaining("pods in this cluster cannot reach each other");
    assertThat(client.network().v1().networkPolicies().inAnyNamespace().list().getItems()).isEmpty();
  }

  @Test
  void twoProofsStartedSecondsApartEachUseTheirOwnNamespaceAndBothGetTheAnswer() throws Exception {
    // what raced before: a namespace of the old fixed name, terminating, and a pod already in it
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("kubelab-policy-check").endMetadata().build()).create();
    List<String> seen = new CopyOnWriteArrayList<>();
    PodExec enforced = network(true, true);
    PodExec recording = (namespace, pod, container, command, timeout) -> {
      seen.add(namespace);
      return enforced.run(namespace, pod, container, command, timeout);
    };
    CompletableFuture<PolicyEnforcement.Verdict> first = CompletableFuture.supplyAsync(() ->
        PolicyEnforcement.prove(client, recording, "busybox:1.37.0", progress::add, Duration.ofSeconds(3)));
    Thread.sleep(300);
    CompletableFuture<PolicyEnforcement.Verdict> second = CompletableFuture.supplyAsync(() ->
        PolicyEnforcement.prove(client, recording, "busybox:1.37.0", progress::add, Duration.ofSeconds(3)));
    assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo(PolicyEnforcement.Verdict.ENFORCED);
    assertThat(second.get(30, TimeUnit.SECONDS)).isEqualTo(PolicyEnforcement.Verdict.ENFORCED);
    assertThat(seen.stream().distinct().toList()).hasSize(2).allMatch(ns -> ns.startsWith(PolicyEnforcement.PREFIX));
    assertThat(proofNamespaces()).isEmpty();
  }

  @Test
  void aNameTakenByAnotherProofIsNeverReusedOrUpdated() {
    // the API server answers 409 to the first create: another proof holds that name; a new name is drawn
    server.expect().post().withPath("/api/v1/namespaces").andReturn(409,
        "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"AlreadyExists\",\"code\":409}").once();
    assertThat(PolicyEnforcement.prove(client, network(true, true), "busybox:1.37.0", progress::add, Duration.ofSeconds(3)))
        .isEqualTo(PolicyEnforcement.Verdict.ENFORCED);
  }

  @Test
  void credentialsThatCannotCreateANamespaceLeaveItUntested() {
    server.expect().post().withPath("/api/v1/namespaces").andReturn(403,
        "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"Forbidden\",\"code\":403}").always();
    assertThat(PolicyEnforcement.prove(client, network(true, true), "busybox:1.37.0", progress::add, Duration.ofSeconds(3)))
        .isEqualTo(PolicyEnforcement.Verdict.UNTESTABLE);
    assertThat(progress).anyMatch(l -> l.contains("trusting the cluster's CNI"));
  }

  @Test
  void aProbePodThatGoesAwayIsAnEnvironmentErrorNotABug() {
    PodExec vanished = (namespace, pod, container, command, timeout) -> {
      throw new IllegalStateException("could not run nc in pod " + pod + ": pods \"" + pod + "\" not found");
    };
    assertThatThrownBy(() -> PolicyEnforcement.prove(client, vanished, "busybox:1.37.0", progress::add, Duration.ofSeconds(2)))
        .isInstanceOf(KubelabException.class)
        .hasMessageContaining("the NetworkPolicy test lost its probe pod")
        .satisfies(e -> assertThat(((KubelabException) e).exitCode()).isEqualTo(KubelabException.ENVIRONMENT));
    assertThat(proofNamespaces()).isEmpty();
  }
}
