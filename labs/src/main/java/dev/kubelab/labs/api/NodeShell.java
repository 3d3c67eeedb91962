package dev.kubelab.labs.api;

import java.time.Duration;
import java.util.List;

/**
 * A shell on the cluster's nodes, for node-level tasks (static pods, crictl, kubelet logs). The
 * embedded k3s has one: each node is a container kubelab started. A kubeconfig's cluster has none.
 */
public interface NodeShell {

  /** The node names, server first, as the API server knows them. */
  List<String> nodes();

  /**
   * Runs a command on a node as root and waits for it to end (or the timeout to pass).
   *
   * @throws KubelabException (usage) when the node is not one of {@link #nodes()}
   */
  Result exec(String node, List<String> command, Duration timeout);

  /**
   * Copies a local file onto a node (written as root, mode 0644), e.g. a static pod manifest the
   * learner wrote in their editor.
   *
   * @throws KubelabException (usage) when the node is unknown or the file cannot be read
   */
  void copyTo(String node, java.nio.file.Path local, String path);

  /** What a node command printed and how it ended. */
  record Result(int exitCode, String stdout, String stderr) {
    public boolean ok() {
      return exitCode == 0;
    }
  }
}
