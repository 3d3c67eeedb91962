package dev.kubelab.labs.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.kubelab.labs.api.KubelabException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every user without Docker sees first: one clear error with the ways out, exit code 3. */
class NoContainerEngineTest {
  @TempDir Path home;

  @Test
  void embeddedClusterWithoutAnEngineSaysWhatToDo() {
    assumeFalse(K3sCluster.containerEngineAvailable(), "a container engine is running here; this test is for machines without one");
    List<String> progress = new ArrayList<>();
    ClusterOptions options = new ClusterOptions(home, null, null, ClusterOptions.DEFAULT_K3S_IMAGE, false, ClusterOptions.Cgroups.PRIVATE);
    assertThatThrownBy(() -> Clusters.open(options, progress::add)).isInstanceOfSatisfying(KubelabException.class, e -> {
      assertThat(e.exitCode()).isEqualTo(3);
      assertThat(e.getMessage()).contains("no container engine is running");
      assertThat(e.hint()).contains("Docker").contains("Podman").contains("Colima").contains("--kubeconfig");
    });
  }

  @Test
  void keepingAMultiNodeClusterIsRefusedBeforeAnythingStarts() {
    ClusterOptions options = new ClusterOptions(home, null, null, ClusterOptions.DEFAULT_K3S_IMAGE, true,
        ClusterOptions.Cgroups.PRIVATE, 2, false);
    assertThatThrownBy(() -> Clusters.open(options, m -> {})).isInstanceOfSatisfying(KubelabException.class, e -> {
      assertThat(e.exitCode()).isEqualTo(2);
      assertThat(e.getMessage()).contains("--keep works for a single-node cluster");
    });
  }

  @Test
  void aMissingKubeconfigIsBadInputNotACrash() {
    ClusterOptions options = new ClusterOptions(home, home.resolve("nope.yaml"), null, ClusterOptions.DEFAULT_K3S_IMAGE, false, ClusterOptions.Cgroups.PRIVATE);
    assertThatThrownBy(() -> Clusters.open(options, m -> {})).isInstanceOfSatisfying(KubelabException.class, e -> {
      assertThat(e.exitCode()).isEqualTo(2);
      assertThat(e.getMessage()).contains("no kubeconfig at");
    });
  }

  @Test
  void anUnreachableClusterIsAnEnvironmentError() throws Exception {
    Path kc = home.resolve("kc.yaml");
    java.nio.file.Files.writeString(kc, """
        apiVersion: v1
        kind: Config
        clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]
        users: [{name: u, user: {token: t}}]
        contexts: [{name: x, context: {cluster: c, user: u}}]
        current-context: x
        """);
    ClusterOptions options = new ClusterOptions(home, kc, null, ClusterOptions.DEFAULT_K3S_IMAGE, false, ClusterOptions.Cgroups.PRIVATE);
    assertThatThrownBy(() -> Clusters.open(options, m -> {})).isInstanceOfSatisfying(KubelabException.class, e -> {
      assertThat(e.exitCode()).isEqualTo(3);
      assertThat(e.getMessage()).contains("cannot reach the cluster at https://127.0.0.1:1");
    });
  }
}
