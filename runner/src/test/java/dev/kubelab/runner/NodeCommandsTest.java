package dev.kubelab.runner;

import static dev.kubelab.runner.RunResultAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Node access and cluster shapes: 'node list' / 'node exec' on the embedded cluster's node
 * shell, and labs that need more nodes or Traefik getting a cluster of that shape.
 */
@EnableKubernetesMockClient(crud = true)
class NodeCommandsTest {
  KubernetesClient client;

  @TempDir
  Path tmp;

  TestKubelab kubelab;
  final List<TestCluster> opened = new ArrayList<>();

  @BeforeEach
  void setUp() {
    kubelab = new TestKubelab(tmp.resolve("home"), client);
    kubelab.content = TestKubelab.resource("shapecourse");
    kubelab.embedded = true;
    kubelab.clusters = () -> {
      TestCluster c = new TestCluster(client);
      c.nodeShell = new TestCluster.FakeNodeShell("k3s-server", "k3s-agent-1", "k3s-agent-2");
      opened.add(c);
      return c;
    };
    for (String node : List.of("k3s-server", "k3s-agent-1", "k3s-agent-2")) {
      var meta = new NodeBuilder().withNewMetadata().withName(node);
      if (node.equals("k3s-server")) meta = meta.addToLabels("node-role.kubernetes.io/control-plane", "true");
      client.nodes().resource(meta.endMetadata().withNewSpec().withUnschedulable(node.equals("k3s-agent-2")).endSpec()
          .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build()).create();
    }
    client.network().v1().ingressClasses().resource(new IngressClassBuilder().withNewMetadata().withName("traefik").endMetadata()
        .withNewSpec().withController("traefik.io/ingress-controller").endSpec().build()).create();
  }

  @Test
  void nodeListShowsEveryNodeWithItsRoleAndState() {
    assertThat(kubelab.run("node", "list")).exitedWith(0)
        .outContains("k3s-server", "control-plane", "k3s-agent-1", "worker", "SchedulingDisabled", "node exec k3s-server -- crictl ps");
  }

  @Test
  void nodeExecRunsTheCommandOnThatNodeAndReturnsItsExitCode() {
    assertThat(kubelab.run("node", "exec", "k3s-agent-1", "--", "ls", "-la", "/etc")).exitedWith(0).outContains("ran: ls -la /etc");
    assertThat(opened.get(0).nodeShell.ran).containsExactly("k3s-agent-1: ls -la /etc");

    kubelab.clusters = () -> {
      TestCluster c = new TestCluster(client);
      c.nodeShell = new TestCluster.FakeNodeShell("k3s-server");
      c.nodeShell.answers.put("crictl ps", new dev.kubelab.labs.api.NodeShell.Result(3, "", "crictl: not ready\n"));
      return c;
    };
    assertThat(kubelab.run("node", "exec", "k3s-server", "crictl", "ps")).exitedWith(3).outContains("crictl: not ready");
  }

  @Test
  void nodeExecSaysWhatIsMissing() {
    assertThat(kubelab.run("node", "exec", "k3s-agent-9", "--", "true")).exitedWith(2)
        .errContains("error: no node 'k3s-agent-9'", "hint: the nodes are: k3s-server, k3s-agent-1, k3s-agent-2");
    assertThat(kubelab.run("node", "exec", "k3s-server")).exitedWith(2).errContains("no command to run on k3s-server");
    assertThat(kubelab.run("node", "exec")).exitedWith(2).errContains("name a node, then the command");
  }

  @Test
  void aClusterKubelabDidNotStartHasNoNodeShell() {
    kubelab.embedded = false;
    assertThat(kubelab.run("node", "list")).exitedWith(2)
        .errContains("kubelab has no shell on the nodes of a cluster it did not start", "kubectl debug node/NAME");
  }

  @Test
  void aLabGetsTheClusterShapeItNeedsAndItsNodeSetupRuns() {
    assertThat(kubelab.run("start", "shape/multi")).exitedWith(0).errContains("starting 3 nodes with Traefik for lab shape/multi");
    assertThat(kubelab.lastOptions.agents()).isEqualTo(2);
    assertThat(kubelab.lastOptions.traefik()).isTrue();
    assertThat(opened.get(0).nodeShell.ran).containsExactly("k3s-server: sh -c echo prepared kl-shape-multi > /tmp/kubelab-shape");

    assertThat(kubelab.run("start", "shape/single")).exitedWith(0);
    assertThat(kubelab.lastOptions.agents()).isZero();
    assertThat(kubelab.lastOptions.traefik()).isFalse();
  }

  @Test
  void aRunningClusterTooSmallForTheLabIsRestartedOnlyWhenAsked() {
    RunResult r = kubelab.shell("start shape/single\nstart shape/multi\nstart shape/multi --restart-cluster\nquit\n");
    assertThat(r).outContains("lab shape/multi needs 3 nodes with Traefik, and the running cluster has 1 node without Traefik",
        "'start shape/multi --restart-cluster' restarts it", "restarting the cluster as 3 nodes with Traefik for lab shape/multi");
    assertThat(opened).hasSize(2);
    assertThat(opened.get(0).closed).isTrue();
    assertThat(kubelab.lastOptions.agents()).isEqualTo(2);
  }

  @Test
  void aKeptClusterCannotGrowNodes() {
    assertThat(kubelab.run("--keep", "start", "shape/multi")).exitedWith(2)
        .errContains("needs 3 nodes, and a kept cluster (--keep) has one", "'kubelab', then 'start shape/multi'");
  }

  @Test
  void nodeCopyPutsALocalFileOnANode() throws Exception {
    Path manifest = java.nio.file.Files.writeString(tmp.resolve("web.yaml"), "kind: Pod");
    assertThat(kubelab.run("node", "cp", manifest.toString(), "k3s-server:/var/lib/rancher/k3s/agent/pod-manifests/"))
        .exitedWith(0).outContains("copied", "k3s-server:/var/lib/rancher/k3s/agent/pod-manifests/web.yaml");
    assertThat(opened.get(0).nodeShell.ran).containsExactly("k3s-server: copy kind: Pod > /var/lib/rancher/k3s/agent/pod-manifests/web.yaml");
    assertThat(kubelab.run("node", "cp", manifest.toString(), "k3s-server")).exitedWith(2).errContains("is not NODE:/absolute/path");
    assertThat(kubelab.run("node", "cp", tmp.resolve("nope.yaml").toString(), "k3s-server:/tmp/")).exitedWith(2);
  }

  @Test
  void aClusterThatCannotServeTheLabIsRefusedBeforeAnythingIsCreated() {
    kubelab.embedded = false;
    client.nodes().withName("k3s-agent-1").delete();
    client.nodes().withName("k3s-agent-2").delete();
    assertThat(kubelab.run("start", "shape/multi")).exitedWith(3)
        .errContains("error: this cluster cannot run shape/multi:", "the lab needs 3 Ready node(s), the cluster has 1");
    assertThat(client.namespaces().withName("kl-shape-multi").get()).isNull();
  }

  @Test
  void anExamsClusterTakesTheShapeOfEveryLabItMayDraw() {
    assertThat(kubelab.run("exam", "start", "spread", "--seed", "1")).exitedWith(0)
        .errContains("starting 3 nodes with Traefik for exam spread");
    assertThat(kubelab.lastOptions.agents()).isEqualTo(2);
    assertThat(kubelab.lastOptions.traefik()).isTrue();
  }

  @Test
  void anExamOnAClusterThatCannotRunSomeLabsDrawsFromTheRest() {
    kubelab.embedded = false;
    kubelab.clusters = () -> new TestCluster(client); // a kubeconfig's cluster: no node shell
    client.nodes().withName("k3s-agent-1").delete();
    client.nodes().withName("k3s-agent-2").delete();
    RunResult r = kubelab.run("exam", "start", "spread");
    assertThat(r).exitedWith(0).outContains("left out of the draw, as this cluster cannot run them:",
        "shape/multi: the lab needs 3 Ready node(s)");
    assertThat(client.namespaces().list().getItems()).extracting(n -> n.getMetadata().getLabels().get("kubelab.dev/lab"))
        .contains("shape.single").doesNotContain("shape.multi");

    kubelab.run("exam", "submit", "--yes");
    assertThat(kubelab.run("exam", "start", "both")).exitedWith(3)
        .errContains("this cluster cannot serve exam both:", "Anything draws 2 task(s), and only 1 of its pool can run here",
            "shape/multi: the lab needs 3 Ready node(s)");
  }

  @Test
  void anExamOnALearnersClusterLeavesOutEachLabItCannotRunWithItsOwnReason() throws Exception {
    kubelab.embedded = false;
    kubelab.clusters = () -> new TestCluster(client);
    client.nodes().withName("k3s-agent-1").delete();
    client.nodes().withName("k3s-agent-2").delete();
    client.network().v1().ingressClasses().withName("traefik").delete();
    rememberPolicies(false);
    RunResult r = kubelab.run("exam", "start", "everywhere");
    assertThat(r).exitedWith(0).outContains("left out of the draw, as this cluster cannot run them:",
        "shape/multi: the lab needs 3 Ready node(s), the cluster has 1 — your cluster lacks 2 node(s)",
        "shape/policy: the lab grades NetworkPolicies by real traffic, and this cluster does not enforce them",
        "shape/ingress: the lab routes through the Traefik ingress controller",
        "      and: the lab routes through the Traefik");
    assertThat(r.out()).doesNotContain("--agents", "--traefik", "modprobe");
    assertThat(client.namespaces().list().getItems()).extracting(n -> n.getMetadata().getLabels().get("kubelab.dev/lab"))
        .containsOnly("shape.single");
    kubelab.run("exam", "submit", "--yes");

    // --recheck forgets the remembered verdict; the test cluster (no real traffic) then counts as enforcing
    RunResult again = kubelab.run("exam", "start", "everywhere", "--recheck", "--seed", "1");
    assertThat(again).exitedWith(0);
    assertThat(again.out()).doesNotContain("shape/policy:");
    assertThat(java.nio.file.Files.readString(tmp.resolve("home/clusters.json"))).doesNotContain(String.valueOf(client.getMasterUrl()));
  }

  @Test
  void startRefusesAPolicyLabOnAClusterRememberedNotToEnforceAndRecheckTriesAgain() throws Exception {
    kubelab.embedded = false;
    kubelab.clusters = () -> new TestCluster(client);
    rememberPolicies(false);
    assertThat(kubelab.run("start", "shape/policy")).exitedWith(3)
        .errContains("this cluster cannot run shape/policy:", "does not enforce them", "'start shape/policy --recheck'");
    assertThat(client.namespaces().list().getItems()).isEmpty();
    assertThat(kubelab.run("start", "shape/policy", "--recheck")).exitedWith(0);
  }

  @Test
  void listInTheShellMarksTheLabsThisClusterCannotRunAndOneShotListMarksThemFromMemoryAskingNoCluster() throws Exception {
    kubelab.embedded = false;
    kubelab.clusters = () -> new TestCluster(client);
    kubeconfigNaming(client.getMasterUrl().toString(), tmp.resolve("kubeconfig"));
    RunResult before = kubelab.run("list");
    assertThat(before).exitedWith(0).openedNoCluster();
    assertThat(before.out()).doesNotContain("cannot run").doesNotContain("remembers");

    client.nodes().withName("k3s-agent-1").delete();
    client.nodes().withName("k3s-agent-2").delete();
    rememberPolicies(false);
    RunResult shell = kubelab.shell("list\nquit\n");
    assertThat(shell.out()).contains("cannot run on this cluster: the lab needs 3 Ready node(s), the cluster has 1",
        "cannot run on this cluster: the lab grades NetworkPolicies by real traffic").doesNotContain("remembers");
    String single = shell.out().substring(shell.out().indexOf("shape/single"), shell.out().indexOf("shape/multi"));
    assertThat(single).doesNotContain("cannot run");

    RunResult oneShot = kubelab.run("list");
    assertThat(oneShot).exitedWith(0).openedNoCluster();
    assertThat(oneShot.out()).contains("cannot run on this cluster: the lab needs 3 Ready node(s), the cluster has 1",
        "cannot run on this cluster: the lab grades NetworkPolicies by real traffic",
        "what kubelab remembers of " + client.getMasterUrl(), "clusters.json", "the cluster was not asked");
    String oneShotSingle = oneShot.out().substring(oneShot.out().indexOf("shape/single"), oneShot.out().indexOf("shape/multi"));
    assertThat(oneShotSingle).doesNotContain("cannot run");
    RunResult json = kubelab.run("list", "--json");
    assertThat(json).openedNoCluster();
    assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out()).path("cannotRunHere").path("shape/multi").get(0).asText())
        .contains("3 Ready node(s)");
  }

  @Test
  void oneShotListOfTheEmbeddedClusterMarksWhatIsRememberedOfTheLastOneWithoutStartingIt() throws Exception {
    kubelab.clusters = () -> {
      throw new AssertionError("list must not start the embedded cluster");
    };
    assertThat(kubelab.run("list").out()).doesNotContain("cannot run");
    kubeconfigNaming(client.getMasterUrl().toString(), tmp.resolve("home/k3s/kubeconfig.yaml"));
    rememberPolicies(false);
    RunResult r = kubelab.run("list");
    assertThat(r).exitedWith(0).openedNoCluster();
    assertThat(r.out()).contains("cannot run on this cluster: the lab grades NetworkPolicies by real traffic", "modprobe ip_set",
        "what kubelab remembers of the last embedded k3s");
    // the embedded k3s is started with the nodes a lab needs: only the policy verdict marks a lab
    String multi = r.out().substring(r.out().indexOf("shape/multi"), r.out().indexOf("shape/policy"));
    assertThat(multi).doesNotContain("cannot run");
  }

  private static void kubeconfigNaming(String server, Path file) throws java.io.IOException {
    java.nio.file.Files.createDirectories(file.getParent());
    java.nio.file.Files.writeString(file, """
        apiVersion: v1
        kind: Config
        clusters: [{name: c, cluster: {server: "%s"}}]
        users: [{name: u, user: {token: x}}]
        contexts: [{name: c, context: {cluster: c, user: u}}]
        current-context: c
        """.formatted(server));
  }

  private void rememberPolicies(boolean enforced) throws java.io.IOException {
    java.nio.file.Files.createDirectories(tmp.resolve("home"));
    java.nio.file.Files.writeString(tmp.resolve("home/clusters.json"), "{\"" + client.getMasterUrl()
        + "\": {\"networkPolicyEnforced\": " + enforced + ", \"provenAt\": \"2026-03-01T09:00:00Z\"}}");
  }
}
