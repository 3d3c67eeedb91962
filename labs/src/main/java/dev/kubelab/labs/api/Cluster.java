package dev.kubelab.labs.api;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** A running Kubernetes cluster the labs are graded against: embedded k3s or any kubeconfig. */
public interface Cluster extends AutoCloseable {

  /** A client with the learner's (or instructor's) rights. */
  KubernetesClient client();

  /** One line for the status bar and messages, e.g. "k3s v1.35.5 (embedded)". */
  String describe();

  /** A kubeconfig file a local kubectl can use, when there is one. */
  Optional<Path> kubeconfig();

  /**
   * Runs kubectl with these arguments, streaming its output; returns kubectl's exit code.
   * Embedded k3s runs it inside the cluster container when no local kubectl is installed.
   */
  int kubectl(List<String> args, Appendable out) throws Exception;

  /** A shell on the nodes, when this backend has one (embedded k3s); empty for a kubeconfig's cluster. */
  default Optional<NodeShell> nodeShell() {
    return Optional.empty();
  }

  @Override
  void close();
}
