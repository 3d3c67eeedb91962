package dev.kubelab.runner;

import dev.kubelab.labs.api.Cluster;
import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.labs.api.NodeShell;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A cluster backed by fabric8's mock API server; kubectl only records what it was asked to run. */
public final class TestCluster implements Cluster {
  private final KubernetesClient client;
  final List<List<String>> kubectlCalls = new ArrayList<>();
  boolean closed;
  /** A node shell like the embedded k3s's, when set; it records what ran where. */
  FakeNodeShell nodeShell;

  public TestCluster(KubernetesClient client) {
    this.client = client;
  }

  /** Whether kubelab closed it. */
  public boolean isClosed() {
    return closed;
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
  public Optional<NodeShell> nodeShell() {
    return Optional.ofNullable(nodeShell);
  }

  /** Nodes that answer every command with exit 0 and "ran: COMMAND", or as {@link #answers} say. */
  static final class FakeNodeShell implements NodeShell {
    final List<String> nodes;
    final List<String> ran = new ArrayList<>();
    final java.util.Map<String, Result> answers = new java.util.HashMap<>();

    FakeNodeShell(String... nodes) {
      this.nodes = List.of(nodes);
    }

    @Override
    public List<String> nodes() {
      return nodes;
    }

    @Override
    public void copyTo(String node, Path local, String path) {
      if (!nodes.contains(node)) throw KubelabException.usage("no node '" + node + "' in this cluster", "the nodes are: " + nodes);
      try {
        ran.add(node + ": copy " + java.nio.file.Files.readString(local).strip() + " > " + path);
      } catch (java.io.IOException e) {
        throw KubelabException.usage("cannot read " + local, "check the path");
      }
    }

    @Override
    public Result exec(String node, List<String> command, Duration timeout) {
      if (!nodes.contains(node)) {
        throw KubelabException.usage("no node '" + node + "' in this cluster", "the nodes are: " + String.join(", ", nodes));
      }
      String line = String.join(" ", command);
      ran.add(node + ": " + line);
      return answers.getOrDefault(line, new Result(0, "ran: " + line + "\n", ""));
    }
  }

  @Override
  public void close() {
    closed = true; // the mock server's extension closes the client
  }
}
