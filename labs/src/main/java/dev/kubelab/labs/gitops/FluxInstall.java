package dev.kubelab.labs.gitops;

import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.labs.engine.ServerSideApply;
import dev.kubelab.labs.grade.Errors;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.readiness.Readiness;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Installs Flux's source-controller and kustomize-controller, pinned to one release, from the
 * project's official release manifest: downloaded once into kubelab's home, cut down to the two
 * controllers, applied with server-side apply, then awaited.
 */
final class FluxInstall {
  /** The pinned Flux release; bump on purpose, with the real-cluster suite run against it. */
  static final String VERSION = "v2.9.4";
  static final String NAMESPACE = "flux-system";
  static final List<String> DEPLOYMENTS = List.of("source-controller", "kustomize-controller");
  static final List<String> CRDS = List.of("gitrepositories.source.toolkit.fluxcd.io", "kustomizations.kustomize.toolkit.fluxcd.io");

  private final URI releases;

  /** @param releases where releases are published, e.g. https://github.com/fluxcd/flux2/releases/download/ */
  FluxInstall(URI releases) {
    this.releases = releases;
  }

  static URI officialReleases() {
    return URI.create("https://github.com/fluxcd/flux2/releases/download/");
  }

  ReleaseDownload download(Path home) {
    return new ReleaseDownload("Flux " + VERSION + " (install.yaml)", releases.resolve(VERSION + "/install.yaml"),
        home.resolve("addons").resolve("flux").resolve(VERSION).resolve("install.yaml"));
  }

  /** Both controllers' Deployments exist (a Flux of any version: kubelab leaves an existing one alone). */
  static boolean installed(KubernetesClient client) {
    try {
      return DEPLOYMENTS.stream().allMatch(d -> client.apps().deployments().inNamespace(NAMESPACE).withName(d).get() != null);
    } catch (KubernetesClientException e) {
      throw Errors.translate(e, "look for Flux in namespace " + NAMESPACE);
    }
  }

  /**
   * Installs Flux unless a Flux (of any version) is there, then waits until its types are served
   * and both controllers are Ready.
   */
  void ensure(KubernetesClient client, Path home, Consumer<String> progress) {
    ensure(client, home, progress, java.util.function.UnaryOperator.identity());
  }

  /** As above, with every image of the release moved by {@code images} (the learner's registry mirror). */
  void ensure(KubernetesClient client, Path home, Consumer<String> progress, java.util.function.UnaryOperator<String> images) {
    if (installed(client)) {
      progress.accept("Flux is installed in namespace " + NAMESPACE);
    } else {
      install(client, home, progress, images);
    }
    awaitCrds(client, progress, Instant.now().plus(Duration.ofMinutes(1)));
    awaitControllers(client, progress, Instant.now().plus(Duration.ofMinutes(5)));
    progress.accept("Flux is ready");
  }

  /** Downloads the release manifest (or reuses the cached one) and applies its two controllers. */
  void install(KubernetesClient client, Path home, Consumer<String> progress) {
    install(client, home, progress, java.util.function.UnaryOperator.identity());
  }

  void install(KubernetesClient client, Path home, Consumer<String> progress, java.util.function.UnaryOperator<String> images) {
    Path file = download(home).get(progress);
    List<Map<String, Object>> objects;
    try {
      objects = FluxManifests.controllersOnly(FluxManifests.parse(Files.readString(file, StandardCharsets.UTF_8)));
    } catch (IOException | RuntimeException e) {
      throw KubelabException.environment("cannot read Flux's release manifest " + file + ": " + e.getMessage(),
          "delete that file; kubelab downloads it again at the next start", e);
    }
    if (!FluxManifests.deployments(objects).containsAll(DEPLOYMENTS)) {
      throw KubelabException.environment(file + " does not hold Flux's source-controller and kustomize-controller",
          "delete that file; kubelab downloads it again at the next start");
    }
    progress.accept("installing Flux " + VERSION + ": source-controller and kustomize-controller into namespace " + NAMESPACE);
    for (Map<String, Object> raw : objects) {
      dev.kubelab.labs.addon.AddonImages.rewrite(raw, images);
      HasMetadata obj = client.getKubernetesSerialization().convertValue(raw, HasMetadata.class);
      try {
        ServerSideApply.apply(client, obj);
      } catch (KubernetesClientException e) {
        throw Errors.translate(e, "install Flux (" + obj.getKind() + " " + obj.getMetadata().getName() + ")");
      }
    }
  }

  private static void awaitCrds(KubernetesClient client, Consumer<String> progress, Instant deadline) {
    progress.accept("waiting for Flux's GitRepository and Kustomization types to be served");
    while (!CRDS.stream().allMatch(n -> established(client.apiextensions().v1().customResourceDefinitions().withName(n).get()))) {
      if (Instant.now().isAfter(deadline)) {
        throw KubelabException.environment("the API server did not take Flux's types (GitRepository, Kustomization) in time",
            "'kubectl get crd | grep fluxcd' shows what is there; reset the lab to try again");
      }
      pause();
    }
  }

  private static boolean established(CustomResourceDefinition crd) {
    return crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream().anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static void awaitControllers(KubernetesClient client, Consumer<String> progress, Instant deadline) {
    String last = "";
    while (true) {
      List<String> waiting = health(client);
      if (waiting.isEmpty()) return;
      String now = String.join("; ", waiting);
      if (!now.equals(last)) progress.accept("  " + now);
      last = now;
      if (Instant.now().isAfter(deadline)) {
        throw KubelabException.environment("Flux did not become ready in time: " + now,
            "'kubectl get pods -n " + NAMESPACE + "' and 'kubectl describe pod -n " + NAMESPACE + "' say more; the nodes pull"
                + " Flux's images from ghcr.io, so the cluster needs the internet (or a registry mirror) the first time");
      }
      pause();
    }
  }

  /** Why each controller is not Ready, one sentence each; empty when both are. */
  static List<String> health(KubernetesClient client) {
    List<String> out = new ArrayList<>();
    try {
      for (String name : DEPLOYMENTS) {
        Deployment d = client.apps().deployments().inNamespace(NAMESPACE).withName(name).get();
        if (d == null) {
          out.add("Flux's " + name + " is not installed (start a GitOps lab to install it)");
        } else if (!Readiness.isDeploymentReady(d)) {
          out.add("Flux's " + name + " is not ready yet" + podTrouble(client, name).map(t -> ": " + t).orElse(""));
        }
      }
    } catch (KubernetesClientException e) {
      throw Errors.translate(e, "read Flux's controllers in namespace " + NAMESPACE);
    }
    return out;
  }

  /** What holds a controller's pod back, in words: an image that cannot be pulled, a crash. */
  private static Optional<String> podTrouble(KubernetesClient client, String app) {
    for (Pod p : client.pods().inNamespace(NAMESPACE).withLabel("app", app).list().getItems()) {
      if (p.getStatus() == null) continue;
      if (p.getStatus().getContainerStatuses() == null || p.getStatus().getContainerStatuses().isEmpty()) {
        return Optional.of("its pod is " + p.getStatus().getPhase());
      }
      for (ContainerStatus c : p.getStatus().getContainerStatuses()) {
        if (c.getState() == null || c.getState().getWaiting() == null) continue;
        String reason = c.getState().getWaiting().getReason();
        if ("ErrImagePull".equals(reason) || "ImagePullBackOff".equals(reason)) {
          return Optional.of("the node cannot pull " + c.getImage() + " (" + reason + ") — is the cluster offline?");
        }
        if (reason != null && !reason.equals("ContainerCreating")) return Optional.of(reason);
        return Optional.of("pulling " + c.getImage());
      }
    }
    return Optional.empty();
  }

  private static void pause() {
    try {
      Thread.sleep(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw KubelabException.environment("interrupted while installing Flux", "start the lab again");
    }
  }
}
