package dev.kubelab.runner;

import dev.kubelab.labs.api.Cluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A cluster backed by fabric8's mock API server; kubectl only records what it was asked to run. */
public final class TestCluster implements Cluster {
  private final KubernetesClient client;
  final List<List<String>> kubectlCalls = new ArrayList<>();
  boolean closed;

  public TestCluster(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public KubernetesClient client() {
    return client;
  }

  @Override
  public String describe() {
    return "mock API server (tests)";
  }

  @Override
  public Optional<Path> kubeconfig() {
    return Optional.empty();
  }

  @Override
  public int kubectl(List<String> args, Appendable out) throws Exception {
    kubectlCalls.add(List.copyOf(args));
    out.append("kubectl ").append(String.join(" ", args)).append('\n');
    return 0;
  }

  @Override
  public void close() {
    closed = true; // the mock server's extension closes the client
  }
}
