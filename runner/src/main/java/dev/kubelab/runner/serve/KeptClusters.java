package dev.kubelab.runner.serve;

import dev.kubelab.labs.api.Cluster;
import dev.kubelab.labs.api.NodeShell;
import dev.kubelab.labs.cluster.ClusterOptions;
import dev.kubelab.runner.Environment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The clusters a resident server keeps open between commands: the client, its connections and
 * the API discovery stay warm. Each command still gets what opening gave a one-shot process:
 * the same progress lines, and the same error when the cluster cannot be reached, since every
 * open asks the API server for its version first and opens afresh when that fails. A kubeconfig
 * that changed on disk (a new token, a k3s started again) is read again.
 */
final class KeptClusters implements Environment.ClusterOpener, AutoCloseable {
  private final Environment.ClusterOpener opener;
  private final Map<ClusterOptions, Kept> open = new LinkedHashMap<>();

  /** An open cluster, the one wrapper every command gets (the GitOps add-on exposes a port to a cluster once), how opening went. */
  private record Kept(Cluster cluster, Cluster unclosed, List<String> lines, Object file) {}

  KeptClusters(Environment.ClusterOpener opener) {
    this.opener = opener;
  }

  @Override
  public synchronized Cluster open(ClusterOptions options, Consumer<String> progress) {
    Kept kept = open.get(options);
    if (kept != null && (!kept.file().equals(stamp(options)) || !answers(kept.cluster().client()))) {
      open.remove(options);
      kept.cluster().close();
      kept = null;
    }
    if (kept == null) {
      List<String> lines = new ArrayList<>();
      Cluster cluster = opener.open(options, line -> {
        lines.add(line);
        progress.accept(line);
      });
      kept = new Kept(cluster, new Unclosed(cluster), List.copyOf(lines), stamp(options));
      open.put(options, kept);
    } else {
      kept.lines().forEach(progress);
    }
    return kept.unclosed();
  }

  /** One line per open cluster, for {@code serve --status}. */
  synchronized List<String> describe() {
    return open.values().stream().map(k -> k.cluster().describe()).toList();
  }

  private static boolean answers(KubernetesClient client) {
    try {
      client.getKubernetesVersion();
      return true;
    } catch (KubernetesClientException e) {
      return false;
    }
  }

  /** The kubeconfig's identity and time: a file written again (new credentials, a new k3s) is another. */
  private static Object stamp(ClusterOptions options) {
    Path file = options.embedded() ? options.embeddedKubeconfig() : options.kubeconfig().toAbsolutePath();
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      return List.of(String.valueOf(a.fileKey()), a.lastModifiedTime(), a.size());
    } catch (IOException e) {
      return List.of();
    }
  }

  @Override
  public synchronized void close() {
    open.values().forEach(k -> k.cluster().close());
    open.clear();
  }

  /** A kept cluster as one command sees it: its close leaves the cluster to the next command. */
  private record Unclosed(Cluster cluster) implements Cluster {
    @Override
    public KubernetesClient client() {
      return cluster.client();
    }

    @Override
    public String describe() {
      return cluster.describe();
    }

    @Override
    public Optional<Path> kubeconfig() {
      return cluster.kubeconfig();
    }

    @Override
    public int kubectl(List<String> args, Appendable out) throws Exception {
      return cluster.kubectl(args, out);
    }

    @Override
    public Optional<NodeShell> nodeShell() {
      return cluster.nodeShell();
    }

    @Override
    public boolean canExposeHostPorts() {
      return cluster.canExposeHostPorts();
    }

    @Override
    public Optional<InetSocketAddress> exposeHostPort(int port) {
      return cluster.exposeHostPort(port);
    }

    @Override
    public void close() {
      // the server closes it when it stops
    }
  }
}
