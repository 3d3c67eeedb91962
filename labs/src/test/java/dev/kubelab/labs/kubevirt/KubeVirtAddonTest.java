package dev.kubelab.labs.kubevirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelab.labs.addon.AddonContext;
import dev.kubelab.labs.addon.Addons;
import dev.kubelab.labs.api.NodeShell;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Installing KubeVirt and choosing its mode, on the mock API server with {@link FakeKubeVirt}
 * standing in for the controllers. The release files are kept copies in the kubelab home, so
 * nothing is downloaded.
 */
@EnableKubernetesMockClient(crud = true)
class KubeVirtAddonTest {
  KubernetesClient client;
  @TempDir Path home;
  FakeKubeVirt fake;
  final List<String> progress = new java.util.concurrent.CopyOnWriteArrayList<>();

  @BeforeEach
  void keepReleaseFiles() throws IOException {
    Path dir = home.resolve("addons/kubevirt/" + ReleaseFiles.VERSION);
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(ReleaseFiles.OPERATOR), KubeVirtManifestsTest.fixture("kubevirt-operator.yaml"));
    Files.writeString(dir.resolve(ReleaseFiles.CR), KubeVirtManifestsTest.fixture("kubevirt-cr.yaml"));
    fake = new FakeKubeVirt(client);
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  /** The add-on reading only kept files: a download attempt would fail against a closed port. */
  KubeVirtAddon addon(String override) {
    return new KubeVirtAddon(h -> new ReleaseFiles(h, URI.create("http://127.0.0.1:9/"), ReleaseFiles.client(null)),
        FakeKubeVirt.env(override), Duration.ofSeconds(20));
  }

  AddonContext context(NodeShell shell) {
    return new AddonContext(KubeVirtMock.cluster(client, shell), home, progress::add);
  }

  GenericKubernetesResource cr() {
    return client.genericKubernetesResources("kubevirt.io/v1", "KubeVirt").inNamespace("kubevirt").withName("kubevirt").get();
  }

  @Test
  void kubevirtIsABuiltInAddon() {
    assertThat(Addons.builtIn().get("kubevirt")).containsInstanceOf(KubeVirtAddon.class);
    assertThat(Addons.IDS).contains("kubevirt");
  }

  @Test
  void enoughMemoryInstallsFullModeAndFallsBackToEmulationWithoutKvm() {
    fake.nodes("8Gi").start();
    addon(null).ensure(context(null));

    GenericKubernetesResource cr = cr();
    assertThat(cr.getMetadata().getAnnotations()).containsEntry(KubeVirtManifests.MODE_ANNOTATION, "full");
    assertThat(Installed.dig(cr.getAdditionalProperties(), "spec", "configuration", "developerConfiguration", "useEmulation")).isEqualTo(true);
    assertThat(client.apps().deployments().inNamespace("kubevirt").withName("virt-operator").get().getSpec().getReplicas()).isEqualTo(1);
    assertThat(progress).anyMatch(p -> p.startsWith("installing KubeVirt " + ReleaseFiles.VERSION + " in full mode"))
        .anyMatch(p -> p.contains("switching KubeVirt to software emulation"))
        .last().asString().startsWith("KubeVirt " + ReleaseFiles.VERSION + " is ready, in full mode: 8192 MiB of memory is free")
        .contains("QEMU emulates the CPU");

    Map<String, Object> model = addon(null).model(context(null), null, Map.of());
    assertThat(model).containsEntry("mode", "full").containsEntry("emulation", "true").containsEntry("version", ReleaseFiles.VERSION);
    assertThat((String) model.get("reason")).contains("8192 MiB").contains("minute or two to boot");
    assertThat(addon(null).health(context(null))).isEmpty();
  }

  @Test
  void aRegistryMirrorReachesTheOperatorAndTheComponentsItPulls() {
    fake.nodesHaveKvm = true;
    fake.nodes("8Gi").start();
    addon(null).ensure(new AddonContext(KubeVirtMock.cluster(client, null), home, progress::add,
        dev.kubelab.labs.content.ImageCatalog.mover("harbor.corp/hub")));
    assertThat(Installed.dig(cr().getAdditionalProperties(), "spec", "imageRegistry")).isEqualTo("harbor.corp/hub/kubevirt");
    assertThat(client.apps().deployments().inNamespace("kubevirt").withName("virt-operator").get().getSpec().getTemplate()
        .getSpec().getContainers().get(0).getImage()).startsWith("harbor.corp/hub/");
  }

  @Test
  void kvmFoundThroughTheNodeShellMeansNoEmulation() {
    fake.nodesHaveKvm = true;
    fake.nodes("8Gi").start();
    addon(null).ensure(context(FakeKubeVirt.shell(6L * 1024 * 1024, true)));
    assertThat(Installed.dig(cr().getAdditionalProperties(), "spec", "configuration", "developerConfiguration", "useEmulation")).isEqualTo(false);
    assertThat(cr().getMetadata().getAnnotations().get(KubeVirtManifests.REASON_ANNOTATION)).contains("on node k3s-server (MemAvailable)");
    assertThat(progress.get(progress.size() - 1)).contains("VMs run on KVM");
  }

  @Test
  void withoutANodeShellKvmIsReadFromWhatVirtHandlerAdvertises() {
    fake.nodesHaveKvm = true;
    fake.nodes("8Gi").start();
    addon(null).ensure(context(null));
    assertThat(Installed.dig(cr().getAdditionalProperties(), "spec", "configuration", "developerConfiguration", "useEmulation")).isEqualTo(false);
    assertThat(progress).noneMatch(p -> p.contains("software emulation"));
  }

  @Test
  void littleMemoryInstallsManifestModeWhereVirtHandlerRunsNowhere() {
    fake.nodes("8Gi").start();
    addon(null).ensure(context(FakeKubeVirt.shell(900L * 1024, false)));

    GenericKubernetesResource cr = cr();
    assertThat(cr.getMetadata().getAnnotations()).containsEntry(KubeVirtManifests.MODE_ANNOTATION, "manifest");
    assertThat(Installed.dig(cr.getAdditionalProperties(), "spec", "workloads", "nodePlacement", "nodeSelector"))
        .isEqualTo(KubeVirtManifests.NO_NODE);
    Map<String, Object> model = addon(null).model(context(null), null, Map.of());
    assertThat(model).containsEntry("mode", "manifest");
    assertThat((String) model.get("reason")).contains("900 MiB of memory is free").contains("KUBELAB_KUBEVIRT_MODE=full");
    assertThat(addon(null).health(context(null))).as("manifest mode needs no virt-handler").isEmpty();
  }

  @Test
  void theModeStaysAsInstalledUntilTheOverrideAsksOtherwise() {
    fake.nodes("8Gi").start();
    addon("manifest").ensure(context(null));
    assertThat(addon(null).model(context(null), null, Map.of())).containsEntry("mode", "manifest");

    addon(null).ensure(context(FakeKubeVirt.shell(64L * 1024 * 1024, false)));
    assertThat(cr().getMetadata().getAnnotations()).containsEntry(KubeVirtManifests.MODE_ANNOTATION, "manifest");

    addon("full").ensure(context(null));
    assertThat(cr().getMetadata().getAnnotations()).containsEntry(KubeVirtManifests.MODE_ANNOTATION, "full");
    assertThat(Installed.dig(cr().getAdditionalProperties(), "spec", "workloads")).isNull();
    assertThat(progress).anyMatch(p -> p.startsWith("reconfiguring KubeVirt for full mode"));
    assertThat(addon(null).model(context(null), null, Map.of())).containsEntry("mode", "full");
  }

  @Test
  void aKubeVirtInstalledBySomeoneElseIsUsedAsItIs() throws IOException {
    fake.nodes("8Gi");
    KubeVirtMock.serveKinds(client);
    client.genericKubernetesResources("kubevirt.io/v1", "KubeVirt").inNamespace("kubevirt").resource(new GenericKubernetesResourceBuilder()
        .withApiVersion("kubevirt.io/v1").withKind("KubeVirt").withNewMetadata().withName("kubevirt").withNamespace("kubevirt").endMetadata()
        .build()).create();
    fake.start(); // the admin's KubeVirt: ready, nodes schedulable
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> NodeFacts.schedulable(client) == 3);
    Files.delete(home.resolve("addons/kubevirt/" + ReleaseFiles.VERSION + "/" + ReleaseFiles.OPERATOR));

    addon(null).ensure(context(null));
    assertThat(progress.get(0)).startsWith("using the KubeVirt already installed on this cluster, in full mode: ").contains("not by kubelab");
    assertThat(cr().getMetadata().getAnnotations()).doesNotContainKey(KubeVirtManifests.MODE_ANNOTATION);
    assertThat(addon("manifest").model(context(null), null, Map.of())).containsEntry("mode", "full");
  }

  @Test
  void healthSaysWhatIsNotReady() {
    fake.nodes("8Gi");
    assertThat(addon(null).health(context(null))).containsExactly("KubeVirt is not installed on this cluster: start the lab again to install it");
    KubeVirtMock.serveKinds(client);
    client.apiextensions().v1().customResourceDefinitions().withName("virtualmachines.kubevirt.io").delete();
    client.genericKubernetesResources("kubevirt.io/v1", "KubeVirt").inNamespace("kubevirt").resource(new GenericKubernetesResourceBuilder()
        .withApiVersion("kubevirt.io/v1").withKind("KubeVirt").withNewMetadata().withName("kubevirt").withNamespace("kubevirt")
        .addToAnnotations(KubeVirtManifests.MODE_ANNOTATION, "full").endMetadata().build()).create();
    assertThat(addon(null).health(context(null))).containsExactly(
        "KubeVirt is not ready: KubeVirt's VirtualMachine API is not registered yet (virt-operator creates it once it runs)",
        "KubeVirt is not ready: virt-operator has no ready pod in namespace kubevirt (not created yet)",
        "KubeVirt is not ready: virt-api has no ready pod in namespace kubevirt (not created yet)",
        "KubeVirt is not ready: virt-controller has no ready pod in namespace kubevirt (not created yet)",
        "KubeVirt is not ready: virt-handler, the agent that runs VMs on a node, is ready on no node yet");
  }

  @Test
  void aStuckInstallEndsWithAPlainMessage() {
    fake.nodes("8Gi"); // no controllers: nothing ever becomes ready
    KubeVirtAddon impatient = new KubeVirtAddon(h -> new ReleaseFiles(h, URI.create("http://127.0.0.1:9/"), ReleaseFiles.client(null)),
        Map.of(), Duration.ofSeconds(2));
    assertThatThrownBy(() -> impatient.ensure(context(null)))
        .hasMessageContaining("KubeVirt's operator is not ready after 2 seconds")
        .hasMessageContaining("virt-operator has no ready pod yet");
  }

  @Test
  void preflightRefusesAnUnknownOverrideAndFullModeWithoutTheMemory() {
    fake.nodes("8Gi");
    assertThat(addon("turbo").preflight(context(null))).singleElement().asString()
        .contains("KUBELAB_KUBEVIRT_MODE is 'turbo'").contains("full (VMs boot) or manifest");
    assertThat(addon("full").preflight(context(FakeKubeVirt.shell(512L * 1024, false)))).singleElement().asString()
        .contains("only 512 MiB of memory is free on node k3s-server").contains("about 1024 MiB").contains("KUBELAB_KUBEVIRT_MODE=manifest");
    assertThat(addon("full").preflight(context(null))).as("8 GiB allocatable is enough").isEmpty();
    assertThat(addon(null).preflight(context(FakeKubeVirt.shell(512L * 1024, false)))).as("auto mode falls back instead").isEmpty();
  }

  @Test
  void beforeInstallTheModelFollowsTheOverride() {
    fake.nodes("8Gi");
    assertThat(addon(null).model(context(null), null, Map.of())).containsEntry("mode", "full");
    assertThat(addon("manifest").model(context(null), null, Map.of())).containsEntry("mode", "manifest");
    assertThat(addon(null).sampleModel()).containsOnlyKeys("mode", "reason", "emulation", "version");
  }
}
