package dev.kubelab.labs.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelab.labs.addon.AddonContext;
import dev.kubelab.labs.addon.Addons;
import dev.kubelab.labs.api.Cluster;
import dev.kubelab.labs.api.Lab;
import dev.kubelab.labs.content.ContentSource;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The add-on's per-lab life on the mock API server: repository, model, Service to the Git server, solution steps, reset. */
@EnableKubernetesMockClient(crud = true)
class FluxAddonTest {
  static KubernetesClient client;
  @TempDir Path home;
  @TempDir Path course;
  final List<String> progress = new ArrayList<>();

  /** A cluster whose pods would reach this machine at 127.0.0.1 (what Testcontainers' forwarder gives embedded k3s). */
  Cluster cluster(boolean reachesThisMachine) {
    return new dev.kubelab.labs.testing.MockCluster(client) {
      @Override
      public boolean canExposeHostPorts() {
        return reachesThisMachine;
      }

      @Override
      public Optional<InetSocketAddress> exposeHostPort(int port) {
        return reachesThisMachine ? Optional.of(InetSocketAddress.createUnresolved("127.0.0.1", port)) : Optional.empty();
      }
    };
  }

  Lab lab() throws Exception {
    Path folder = Files.createDirectories(course.resolve("chapters/demo/first"));
    Files.writeString(folder.resolve("repo.yaml"), """
        steps:
          - write: {README.md: repo/README.md, apps/kustomization.yaml: repo/kustomization.yaml}
          - commit: Start the lab
        """);
    Files.createDirectories(folder.resolve("repo"));
    Files.writeString(folder.resolve("repo/README.md"), "Flux fetches ${flux.gitUrl} into ${ns}\n");
    Files.writeString(folder.resolve("repo/kustomization.yaml"), "resources: []\n");
    Files.writeString(folder.resolve("web.yaml"), "kind: Deployment\nmetadata: {name: web, namespace: ${ns}}\n");
    return new Lab("demo/first", "demo", "First", "vm", null, new Lab.Requirements(1, false, true, null, false, false, false, List.of("flux")),
        List.of("app"), List.of(), List.of(), List.of(), Map.of());
  }

  FluxAddon addon(Optional<String> baseUrl) {
    return new FluxAddon(ContentSource.directory(course), URI.create("http://127.0.0.1:9/"), new GitAccess(baseUrl));
  }

  @Test
  void aLabGetsItsRepositoryServedToTheClusterAndItsLiveHeadInTheModel(@TempDir Path clone) throws Exception {
    Lab lab = lab();
    FluxAddon flux = addon(Optional.empty());
    AddonContext ctx = new AddonContext(cluster(true), home, progress::add);
    Map<String, Object> base = new HashMap<>(Map.of("ns", "kl-demo-first"));

    base.put("flux", flux.model(ctx, lab, base));
    assertThat(flux(base)).containsEntry("head", "").containsEntry("gitUrl", "http://kubelab-git.flux-system.svc.cluster.local/kl-demo-first.git");
    flux.startLab(ctx, lab, base);

    LabRepository repo = LabRepository.of(home, "kl-demo-first");
    assertThat(Files.readString(repo.dir().resolve("README.md")))
        .isEqualTo("Flux fetches http://kubelab-git.flux-system.svc.cluster.local/kl-demo-first.git into kl-demo-first\n");
    Map<String, Object> model = flux.model(ctx, lab, base);
    String head = repo.tip().orElseThrow().id();
    assertThat(model).containsEntry("head", head).containsEntry("headShort", head.substring(0, 7))
        .containsEntry("headSubject", "Start the lab").containsEntry("revision", "main@sha1:" + head)
        .containsEntry("repoDir", repo.dir().toAbsolutePath().toString()).containsEntry("branch", "main");
    assertThat(model.keySet()).isEqualTo(flux.sampleModel().keySet());
    assertThat(progress).anyMatch(m -> m.contains("your Git repository for this lab: " + repo.dir()));

    // the Service Flux fetches from points at where the cluster reaches kubelab's Git server
    int port = client.discovery().v1().endpointSlices().inNamespace("flux-system").withName("kubelab-git").get().getPorts().get(0).getPort();
    EndpointSlice slice = client.discovery().v1().endpointSlices().inNamespace("flux-system").withName("kubelab-git").get();
    assertThat(slice.getEndpoints().get(0).getAddresses()).containsExactly("127.0.0.1");
    assertThat(slice.getMetadata().getLabels()).containsEntry("kubernetes.io/service-name", "kubelab-git");
    assertThat(client.services().inNamespace("flux-system").withName("kubelab-git").get().getSpec().getPorts().get(0).getPort()).isEqualTo(80);
    try (Git git = Git.cloneRepository().setURI("http://127.0.0.1:" + port + "/kl-demo-first.git").setDirectory(clone.toFile()).call()) {
      assertThat(git.log().call().iterator().next().getShortMessage()).isEqualTo("Start the lab");
    }

    // a reference solution's steps commit on main, and the model follows
    flux.applySolution(ctx, lab, null, List.of(Map.of("write", Map.of("apps/web.yaml", "web.yaml")), Map.of("commit", "Add web")), base);
    assertThat(repo.fileAtTip("apps/web.yaml")).contains("kind: Deployment\nmetadata: {name: web, namespace: kl-demo-first}\n");
    assertThat(flux.model(ctx, lab, base)).containsEntry("headSubject", "Add web").doesNotContainEntry("head", head);

    // reset keeps the learner's work aside and starts over
    flux.cleanupLab(ctx, lab, base);
    assertThat(repo.exists()).isFalse();
    assertThat(flux.model(ctx, lab, base)).containsEntry("head", "");
    assertThat(progress).anyMatch(m -> m.startsWith("kept your repository of this lab in " + home.resolve("gitops-old")));
    flux.startLab(ctx, lab, base);
    assertThat(repo.history(5)).extracting(LabRepository.Commit::subject).containsExactly("Start the lab");
  }

  @Test
  void aClusterThatCannotReachThisMachineIsRefusedWithTheWayOut() {
    FluxAddon flux = addon(Optional.empty());
    assertThat(flux.preflight(new AddonContext(cluster(false), home, m -> {})))
        .singleElement().asString().contains("KUBELAB_GIT_BASE_URL").contains("without --kubeconfig");
    assertThat(flux.preflight(new AddonContext(cluster(true), home, m -> {}))).isEmpty();
    assertThat(addon(Optional.of("http://172.18.0.1:8765/")).preflight(new AddonContext(cluster(false), home, m -> {}))).isEmpty();
    assertThat(addon(Optional.of("172.18.0.1")).preflight(new AddonContext(cluster(false), home, m -> {})))
        .singleElement().asString().contains("must be an http URL with a port");
  }

  @Test
  void aConfiguredBaseUrlIsWhatFluxUses() throws Exception {
    FluxAddon flux = addon(Optional.of("http://172.18.0.1:8765/"));
    Map<String, Object> model = flux.model(new AddonContext(cluster(false), home, m -> {}), lab(), Map.of("ns", "kl-x"));
    assertThat(model).containsEntry("gitUrl", "http://172.18.0.1:8765/kl-x.git");
  }

  @Test
  void healthSaysWhenFluxIsMissing() {
    client.apps().deployments().inNamespace("flux-system").delete();
    assertThat(addon(Optional.empty()).health(new AddonContext(cluster(true), home, m -> {})))
        .anyMatch(m -> m.contains("source-controller is not installed"));
  }

  @Test
  void kubelabShipsTheFluxAddOnAndValidatesItsSolutionSteps() {
    var flux = Addons.builtIn().get("flux").orElseThrow();
    assertThat(Addons.IDS).contains("flux");
    assertThat(flux.validateSolution(List.of(Map.of("commit", "Add web")))).isEmpty();
    assertThat(flux.validateSolution(Map.of("commit", "x"))).isNotEmpty();
  }

  @Test
  void installsExactlyTheTwoControllersFromTheDownloadedReleaseThroughTheMirror() throws Exception {
    byte[] release = Files.readAllBytes(Path.of(getClass().getResource("/gitops/install-sample.yaml").toURI()));
    var github = com.sun.net.httpserver.HttpServer.create(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    github.createContext("/", ex -> {
      ex.sendResponseHeaders(200, release.length);
      ex.getResponseBody().write(release);
      ex.close();
    });
    github.start();
    try {
      List<String> progress = new ArrayList<>();
      new FluxInstall(URI.create("http://127.0.0.1:" + github.getAddress().getPort() + "/")).install(client, home, progress::add,
          dev.kubelab.labs.content.ImageCatalog.mover("harbor.corp/hub"));
      assertThat(client.apps().deployments().inNamespace("flux-system").list().getItems()).extracting(d -> d.getMetadata().getName())
          .containsExactlyInAnyOrder("source-controller", "kustomize-controller");
      assertThat(client.apps().deployments().inNamespace("flux-system").withName("source-controller").get().getSpec().getTemplate()
          .getSpec().getContainers().get(0).getArgs()).noneMatch(a -> a.startsWith("--events-addr"));
      // --image-registry: Flux's ghcr.io images come through the learner's mirror
      assertThat(client.apps().deployments().inNamespace("flux-system").list().getItems())
          .allSatisfy(d -> assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).startsWith("harbor.corp/hub/fluxcd/"));
      assertThat(client.apiextensions().v1().customResourceDefinitions().list().getItems()).extracting(c -> c.getMetadata().getName())
          .contains("gitrepositories.source.toolkit.fluxcd.io", "kustomizations.kustomize.toolkit.fluxcd.io")
          .doesNotContain("helmreleases.helm.toolkit.fluxcd.io");
      assertThat(client.services().inNamespace("flux-system").withName("notification-controller").get()).isNull();
      assertThat(FluxInstall.installed(client)).isTrue();
      // the mock runs no pods: the controllers stay not ready, and health says so
      assertThat(FluxInstall.health(client)).containsExactlyInAnyOrder("Flux's source-controller is not ready yet",
          "Flux's kustomize-controller is not ready yet");
      assertThat(progress).anyMatch(m -> m.startsWith("installing Flux " + FluxInstall.VERSION));
    } finally {
      github.stop(0);
    }
  }

  @Test
  void aScaleStepChangesTheClusterByHandOnceFluxCreatedTheDeployment() throws Exception {
    Lab lab = lab();
    FluxAddon flux = addon(Optional.empty());
    AddonContext ctx = new AddonContext(cluster(true), home, progress::add);
    Map<String, Object> base = new HashMap<>(Map.of("ns", "kl-demo-scale"));
    base.put("flux", flux.model(ctx, lab, base));
    flux.startLab(ctx, lab, base);
    client.apps().deployments().inNamespace("kl-demo-scale").resource(new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder()
        .withNewMetadata().withName("web").endMetadata().withNewSpec().withReplicas(2).endSpec().build()).create();
    flux.applySolution(ctx, lab, null, List.of(Map.of("scale", Map.of("deployment", "web", "replicas", "5"))), base);
    assertThat(client.apps().deployments().inNamespace("kl-demo-scale").withName("web").get().getSpec().getReplicas()).isEqualTo(5);
    assertThat(progress).anyMatch(m -> m.contains("scaled the Deployment web to 5 by hand"));
    assertThat(LabRepository.of(home, "kl-demo-scale").history(5)).hasSize(1);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> flux(Map<String, Object> model) {
    return (Map<String, Object>) model.get("flux");
  }
}
