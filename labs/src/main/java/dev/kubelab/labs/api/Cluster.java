package dev.kubelab.labs.api;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.InetSocketAddress;
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

  /**
   * Whether the cluster's pods can be given a way to this machine, where kubelab runs (so Flux
   * can fetch the GitOps labs' repositories from kubelab). Asked before anything is changed.
   */
  default boolean canExposeHostPorts() {
    return false;
  }

  /**
   * Makes a TCP port of this machine reachable from the cluster's pods and returns the address
   * (an IP and port) they connect to; empty when this backend cannot (a kubeconfig's cluster may
   * run anywhere).
   */
  default Optional<InetSocketAddress> exposeHostPort(int port) {
    return Optional.empty();
  }

  @Override
  void close();
}
