package dev.kubelab.runner.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelab.labs.api.Cluster;
import dev.kubelab.runner.TestCluster;
import dev.kubelab.labs.cluster.ClusterOptions;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server's open clusters: kept between commands, opened again when they stop answering or their kubeconfig changes. */
@EnableKubernetesMockClient(crud = true)
class KeptClustersTest {
  KubernetesMockServer server;
  KubernetesClient client;

  @TempDir
  Path tmp;

  Path kubeconfig;
  ClusterOptions options;
  final List<TestCluster> opened = new ArrayList<>();

  KeptClusters kept;

  @BeforeEach
  void setUp() throws IOException {
    server.expect().get().withPath("/version").andReturn(200, "{\"gitVersion\": \"v1.35.0\"}").always();
    kubeconfig = Files.writeString(tmp.resolve("k.yaml"), "a kubeconfig");
    options = new ClusterOptions(tmp.resolve("home"), kubeconfig, null, "k3s", false, ClusterOptions.Cgroups.PRIVATE, 0, false);
    kept = new KeptClusters((o, progress) -> {
      progress.accept("connecting to the mock");
      TestCluster c = new TestCluster(client);
      opened.add(c);
      return c;
    });
  }

  @Test
  void aClusterIsOpenedOnceAndEveryCommandSeesTheLinesOpeningPrinted() {
    List<String> first = new ArrayList<>();
    List<String> second = new ArrayList<>();
    Cluster a = kept.open(options, first::add);
    Cluster b = kept.open(options, second::add);
    assertThat(opened).hasSize(1);
    assertThat(first).containsExactly("connecting to the mock");
    assertThat(second).isEqualTo(first);
    assertThat(b).as("one cluster, one object: what a command keeps per cluster (an exposed port) holds for the next").isSameAs(a);
    a.close();
    assertThat(opened.get(0).isClosed()).as("a command's close leaves it to the next").isFalse();
    kept.close();
    assertThat(opened.get(0).isClosed()).isTrue();
  }

  @Test
  void aKubeconfigWrittenAgainIsReadAgain() throws IOException {
    kept.open(options, line -> {});
    Files.writeString(kubeconfig, "a new token");
    Files.setLastModifiedTime(kubeconfig, FileTime.fromMillis(Files.getLastModifiedTime(kubeconfig).toMillis() + 5_000));
    kept.open(options, line -> {});
    assertThat(opened).hasSize(2);
    assertThat(opened.get(0).isClosed()).isTrue();
  }

  @Test
  void aClusterThatNoLongerAnswersIsOpenedAgainSoTheCommandGetsTheErrorOpeningGives() {
    KubernetesClient dead = new KubernetesClientBuilder().withConfig(new io.fabric8.kubernetes.client.ConfigBuilder()
        .withMasterUrl("http://127.0.0.1:1").withRequestRetryBackoffLimit(0).build()).build();
    KeptClusters flaky = new KeptClusters((o, progress) -> {
      TestCluster c = new TestCluster(opened.isEmpty() ? dead : client);
      opened.add(c);
      return c;
    });
    flaky.open(options, line -> {});
    Cluster again = flaky.open(options, line -> {});
    assertThat(opened).hasSize(2);
    assertThat(opened.get(0).isClosed()).isTrue();
    assertThat(again.client()).isSameAs(client);
    dead.close();
  }
}
