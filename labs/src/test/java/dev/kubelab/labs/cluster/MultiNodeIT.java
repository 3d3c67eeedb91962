package dev.kubelab.labs.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelab.labs.api.NodeShell;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** k3s with an agent node, Traefik and a node shell, started through Testcontainers: needs a container engine. */
class MultiNodeIT {

  @Test
  void anAgentJoinsWithAStableNameAndTakesPodsAndTraefikRuns() throws Exception {
    boolean engine = K3sCluster.containerEngineAvailable();
    if (!engine) System.err.println("[kubelab] MultiNodeIT: skipped: no container engine here (a kubeconfig cluster cannot be reshaped)");
    Assumptions.assumeTrue(engine, "no container engine: a multi-node k3s cannot start here");
    ClusterOptions options = new ClusterOptions(Files.createTempDirectory("kubelab-it"), null, null,
        System.getProperty("kubelab.it.k3s-image", ClusterOptions.DEFAULT_K3S_IMAGE), false, ClusterOptions.Cgroups.PRIVATE, 1, true);
    try (var cluster = Clusters.open(options, m -> System.err.println("[kubelab-it] " + m))) {
      var client = cluster.client();
      assertThat(client.nodes().list().getItems()).extracting(Node::getMetadata).extracting(m -> m.getName())
          .containsExactlyInAnyOrder(ClusterOptions.SERVER_NODE, ClusterOptions.agentNode(1));
      client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("on-agent").endMetadata()
          .withNewSpec().withNodeName(ClusterOptions.agentNode(1)).addNewContainer().withName("c")
          .withImage("docker.io/library/busybox:1.37.0").withCommand("sleep", "600").endContainer().endSpec().build()).create();
      Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
          assertThat(client.pods().inNamespace("default").withName("on-agent").get().getStatus().getPhase()).isEqualTo("Running"));
      Awaitility.await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(3)).untilAsserted(() ->
          assertThat(client.apps().deployments().inNamespace("kube-system").withName("traefik").get()).isNotNull());

      // node access: each node is a container; a static pod written there shows up as a mirror pod
      NodeShell shell = cluster.nodeShell().orElseThrow();
      assertThat(shell.nodes()).containsExactly(ClusterOptions.SERVER_NODE, ClusterOptions.agentNode(1));
      assertThat(shell.exec(ClusterOptions.agentNode(1), List.of("k3s", "--version"), Duration.ofSeconds(30)).stdout())
          .contains("k3s version");
      String manifest = "apiVersion: v1\nkind: Pod\nmetadata: {name: it-static, namespace: default}\n"
          + "spec: {containers: [{name: c, image: docker.io/library/busybox:1.37.0, command: [sleep, '600']}]}\n";
      NodeShell.Result wrote = shell.exec(ClusterOptions.agentNode(1), List.of("sh", "-c",
          "cat > /var/lib/rancher/k3s/agent/pod-manifests/it-static.yaml <<'EOF'\n" + manifest + "EOF"), Duration.ofSeconds(30));
      assertThat(wrote.ok()).as(wrote.stderr()).isTrue();
      String mirror = "it-static-" + ClusterOptions.agentNode(1);
      Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
          assertThat(client.pods().inNamespace("default").withName(mirror).get()).isNotNull());
      assertThat(shell.exec(ClusterOptions.agentNode(1), List.of("crictl", "ps", "--name", "c"), Duration.ofSeconds(30)).ok()).isTrue();
      assertThatThrownBy(() -> shell.exec("k3s-agent-9", List.of("true"), Duration.ofSeconds(5)))
          .hasMessageContaining("no node 'k3s-agent-9'");
    }
  }
}
