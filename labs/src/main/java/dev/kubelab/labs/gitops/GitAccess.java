package dev.kubelab.labs.gitops;

import dev.kubelab.labs.api.Cluster;
import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.labs.grade.Errors;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * How Flux in the cluster reaches the learner's repositories: kubelab's {@link GitServer},
 * running in this process, and a way to it.
 *
 * <ul>
 *   <li>Embedded k3s: the server listens on this machine's loopback only; the cluster reaches it
 *       through Testcontainers' port forwarder ({@link Cluster#exposeHostPort}), behind a Service
 *       without selector, {@code kubelab-git.flux-system}, whose EndpointSlice kubelab points at
 *       the forwarder. The URL in the labs' GitRepositories stays the same across sessions; each
 *       new kubelab session re-points the EndpointSlice.</li>
 *   <li>Any cluster with {@value #ENV} set (e.g. {@code http://172.18.0.1:8765} for kind on this
 *       machine): the server listens on that port on all interfaces, and the cluster uses that
 *       URL.</li>
 * </ul>
 */
final class GitAccess {
  static final String ENV = "KUBELAB_GIT_BASE_URL";
  static final String SERVICE = "kubelab-git";
  static final String IN_CLUSTER = "http://" + SERVICE + "." + FluxInstall.NAMESPACE + ".svc.cluster.local";

  private final Optional<String> configured;
  private GitServer server;
  private Cluster exposedTo;
  private InetSocketAddress exposedAt;

  GitAccess(Optional<String> configured) {
    this.configured = configured.map(String::strip).filter(s -> !s.isEmpty()).map(s -> s.replaceAll("/+$", ""));
  }

  static GitAccess fromEnvironment() {
    return new GitAccess(Optional.ofNullable(System.getenv(ENV)));
  }

  /** The URL Flux uses for a lab's repository. */
  String url(String namespace) {
    return configured.orElse(IN_CLUSTER) + "/" + namespace + ".git";
  }

  /** Why Flux in this cluster could not fetch from kubelab; empty when it can. */
  List<String> preflight(Cluster cluster) {
    if (configured.isPresent()) {
      return configuredPort().isPresent() ? List.of() : List.of(ENV + " must be an http URL with a port, e.g. http://172.18.0.1:8765;"
          + " found '" + configured.get() + "'");
    }
    if (cluster.canExposeHostPorts()) return List.of();
    return List.of("kubelab serves your lab's Git repository from this machine and Flux fetches it from inside the cluster,"
        + " which this cluster (from --kubeconfig) may not reach. If its pods can reach this machine (kind, k3d or minikube"
        + " here, or a VM on your network), set " + ENV + " to the URL they reach it at with a free port, e.g."
        + " http://172.18.0.1:8765, and kubelab listens on that port; otherwise run GitOps labs on kubelab's own k3s"
        + " (start kubelab without --kubeconfig)");
  }

  private Optional<Integer> configuredPort() {
    try {
      URI u = URI.create(configured.orElseThrow());
      return "http".equals(u.getScheme()) && u.getHost() != null && u.getPort() > 0 ? Optional.of(u.getPort()) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * Makes sure the server runs in this process for {@code root} and the cluster reaches it; cheap
   * when it already does.
   */
  synchronized void serve(Cluster cluster, Path root, Consumer<String> progress) {
    if (server == null || !server.root().equals(root)) {
      if (server != null) server.close();
      InetSocketAddress bind = configured.isPresent()
          ? new InetSocketAddress(configuredPort().orElseThrow(() -> KubelabException.usage(preflight(cluster).get(0), null)))
          : new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0);
      try {
        Files.createDirectories(root);
        server = GitServer.start(root, bind);
      } catch (IOException e) {
        if (e instanceof java.net.BindException && configured.isPresent() && GitServer.servesHere(bind.getPort(), root)) {
          // the shell, or kubelab's background server, serves these repositories on this port already:
          // Flux fetches from it; a later call takes the port over once that kubelab has gone
          progress.accept("your lab repositories (" + root + ") are served to Flux at " + configured.get()
              + " by another kubelab on this machine");
          return;
        }
        throw KubelabException.environment("cannot start kubelab's Git server: " + e.getMessage(),
            configured.isPresent() ? "is port " + configuredPort().orElse(0) + " (from " + ENV + ") free?" : "try again", e);
      }
      progress.accept("serving your lab repositories (" + root + ") to Flux"
          + (configured.isPresent() ? " at " + configured.get() : "") + " while kubelab runs");
      exposedTo = null;
    }
    if (configured.isPresent()) return;
    if (exposedTo != cluster) {
      exposedAt = cluster.exposeHostPort(server.port()).orElseThrow(() -> KubelabException.environment(preflight(cluster).get(0),
          "set " + ENV + " or use kubelab's embedded k3s"));
      exposedTo = cluster;
    }
    point(cluster.client(), exposedAt);
  }

  /** The Service kubelab-git and its EndpointSlice, pointed at where the server is reached; updated only when they differ. */
  static void point(KubernetesClient client, InetSocketAddress at) {
    try {
      var services = client.services().inNamespace(FluxInstall.NAMESPACE);
      if (services.withName(SERVICE).get() == null) {
        services.resource(new ServiceBuilder().withNewMetadata().withName(SERVICE).addToLabels("app.kubernetes.io/managed-by", "kubelab")
            .endMetadata().withNewSpec().addNewPort().withName("http").withPort(80).withProtocol("TCP").endPort().endSpec().build())
            .createOr(NonDeletingOperation::update);
      }
      var slices = client.discovery().v1().endpointSlices().inNamespace(FluxInstall.NAMESPACE);
      EndpointSlice now = slices.withName(SERVICE).get();
      boolean current = now != null && now.getEndpoints() != null && now.getEndpoints().size() == 1
          && now.getEndpoints().get(0).getAddresses().equals(List.of(at.getHostString()))
          && now.getPorts() != null && now.getPorts().size() == 1 && Integer.valueOf(at.getPort()).equals(now.getPorts().get(0).getPort());
      if (current) return;
      slices.resource(new EndpointSliceBuilder().withNewMetadata().withName(SERVICE)
          .addToLabels("kubernetes.io/service-name", SERVICE)
          .addToLabels("endpointslice.kubernetes.io/managed-by", "kubelab.dev")
          .addToLabels("app.kubernetes.io/managed-by", "kubelab").endMetadata()
          .withAddressType("IPv4")
          .addNewEndpoint().withAddresses(at.getHostString()).withNewConditions().withReady(true).endConditions().endEndpoint()
          .addNewPort().withName("http").withPort(at.getPort()).withProtocol("TCP").endPort().build())
          .createOr(NonDeletingOperation::update);
    } catch (KubernetesClientException e) {
      throw Errors.translate(e, "point the Service " + SERVICE + " in " + FluxInstall.NAMESPACE + " at kubelab's Git server");
    }
  }

  /** The running server, if any (tests, and messages about fetches). */
  synchronized Optional<GitServer> server() {
    return Optional.ofNullable(server);
  }
}
