package dev.kubelab.runner.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelab.labs.api.Cluster;
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
import java.util.Optional;
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
  final List<Opened> opened = new ArrayList<>();

  /** A cluster as the opener made it, and whether it was closed. */
  static final class Opened implements Cluster {
    final KubernetesClient client;
    boolean closed;

    Opened(KubernetesClient client) {
      this.client = client;
    }

    @Override
    public KubernetesClient client() {
      return client;
    }

    @Override
    public String describe() {
      return "cluster #" + System.identityHashCode(this);
    }

    @Override
    public Optional<Path> kubeconfig() {
      return Optional.empty();
    }

    @Override
    public int kubectl(List<String> args, Appendable out) {
      return 0;
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  KeptClusters kept;

  @BeforeEach
  void setUp() throws IOException {
    server.expect().get().withPath("/version").andReturn(200, "{\"gitVersion\": \"v1.35.0\"}").always();
    kubeconfig = Files.writeString(tmp.resolve("k.yaml"), "a kubeconfig");
    options = new ClusterOptions(tmp.resolve("home"), kubeconfig, null, "k3s", false, ClusterOptions.Cgroups.PRIVATE, 0, false);
    kept = new KeptClusters((o, progress) -> {
      progress.accept("connecting to the mock");
      Opened c = new Opened(client);
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
    assertThat(b.client()).isSameAs(a.client());
    a.close();
    assertThat(opened.get(0).closed).as("a command's close leaves it to the next").isFalse();
    kept.close();
    assertThat(opened.get(0).closed).isTrue();
  }

  @Test
  void aKubeconfigWrittenAgainIsReadAgain() throws IOException {
    kept.open(options, line -> {});
    Files.writeString(kubeconfig, "a new token");
    Files.setLastModifiedTime(kubeconfig, FileTime.fromMillis(Files.getLastModifiedTime(kubeconfig).toMillis() + 5_000));
    kept.open(options, line -> {});
    assertThat(opened).hasSize(2);
    assertThat(opened.get(0).closed).isTrue();
  }

  @Test
  void aClusterThatNoLongerAnswersIsOpenedAgainSoTheCommandGetsTheErrorOpeningGives() {
    KubernetesClient dead = new KubernetesClientBuilder().withConfig(new io.fabric8.kubernetes.client.ConfigBuilder()
        .withMasterUrl("http://127.0.0.1:1").withRequestRetryBackoffLimit(0).build()).build();
    KeptClusters flaky = new KeptClusters((o, progress) -> {
      Opened c = new Opened(opened.isEmpty() ? dead : client);
      opened.add(c);
      return c;
    });
    flaky.open(options, line -> {});
    Cluster again = flaky.open(options, line -> {});
    assertThat(opened).hasSize(2);
    assertThat(opened.get(0).closed).isTrue();
    assertThat(again.client()).isSameAs(client);
    dead.close();
  }
}
