package dev.kubelab.labs.testing;

import dev.kubelab.labs.api.Cluster;
import dev.kubelab.labs.api.NodeShell;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A cluster on fabric8's mock API server, for engine and add-on tests: no kubeconfig, no kubectl,
 * and a node shell only when one is given. Subclass it to answer what a test needs beyond that
 * (host ports, for the GitOps add-on).
 */
public class MockCluster implements Cluster {
  private final KubernetesClient client;
  private final NodeShell shell;

  public MockCluster(KubernetesClient client, NodeShell shell) {
    this.client = client;
    this.shell = shell;
  }

  public MockCluster(KubernetesClient client) {
    this(client, null);
  }

  @Override
  public KubernetesClient client() {
    return client;
  }

  @Override
  public String describe() {
    return "the mock API server";
  }

  @Override
  public Optional<Path> kubeconfig() {
    return Optional.empty();
  }

  @Override
  public int kubectl(List<String> args, Appendable out) {
    throw new UnsupportedOperationException("no kubectl on the mock");
  }

  @Override
  public Optional<NodeShell> nodeShell() {
    return Optional.ofNullable(shell);
  }

  @Override
  public void close() {
    // the mock server's extension closes the client
  }
}
