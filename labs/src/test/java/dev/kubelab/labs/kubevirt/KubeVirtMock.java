package dev.kubelab.labs.kubevirt;

import dev.kubelab.labs.addon.Addon;
import dev.kubelab.labs.addon.AddonContext;
import dev.kubelab.labs.api.Cluster;
import dev.kubelab.labs.api.Lab;
import dev.kubelab.labs.api.NodeShell;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * KubeVirt on fabric8's mock API server, for tests of the add-on and of the kubevirt chapter.
 * The mock serves a custom kind once its CRD exists (schema-less here; the real CRDs, made by
 * virt-operator, validate every field).
 */
public final class KubeVirtMock {
  private KubeVirtMock() {}

  /** Registers KubeVirt, VirtualMachine and VirtualMachineInstance (kubevirt.io/v1), marked Established. */
  public static void serveKinds(KubernetesClient client) {
    dev.kubelab.labs.testing.MockState.serveAddonKinds(client);
  }

  /**
   * The kubevirt add-on as installed in one mode: "installing" serves the kinds and records the
   * mode in a KubeVirt CR the way kubelab's install does, and the template values come from the
   * real add-on reading that CR. Nothing is downloaded and nothing waits.
   */
  public static Addon addon(String mode) {
    KubeVirtAddon real = new KubeVirtAddon(ReleaseFiles::new, Map.of(), Duration.ofSeconds(1));
    return new Addon() {
      @Override
      public String id() {
        return real.id();
      }

      @Override
      public List<String> preflight(AddonContext context) {
        return List.of();
      }

      @Override
      public void ensure(AddonContext context) {
        serveKinds(context.client());
        context.client().genericKubernetesResources("kubevirt.io/v1", "KubeVirt").inNamespace("kubevirt").resource(
            new GenericKubernetesResourceBuilder().withApiVersion("kubevirt.io/v1").withKind("KubeVirt").withNewMetadata()
                .withName("kubevirt").withNamespace("kubevirt").addToAnnotations(KubeVirtManifests.MODE_ANNOTATION, mode)
                .addToAnnotations(KubeVirtManifests.REASON_ANNOTATION, mode + " mode, for a test")
                .addToAnnotations(KubeVirtManifests.VERSION_ANNOTATION, ReleaseFiles.VERSION).endMetadata()
                .addToAdditionalProperties("spec", Map.of("configuration", Map.of("developerConfiguration", Map.of("useEmulation", true))))
                .build()).createOr(NonDeletingOperation::update);
      }

      @Override
      public List<String> health(AddonContext context) {
        return List.of();
      }

      @Override
      public Map<String, Object> model(AddonContext context, Lab lab, Map<String, Object> base) {
        return real.model(context, lab, base);
      }

      @Override
      public Map<String, Object> sampleModel() {
        return real.sampleModel();
      }
    };
  }

  /** A cluster on the mock's client: no kubectl, and no node shell. */
  public static Cluster cluster(KubernetesClient client) {
    return cluster(client, null);
  }

  /** A cluster on the mock's client, with a node shell if one is given. */
  public static Cluster cluster(KubernetesClient client, NodeShell shell) {
    return new dev.kubelab.labs.testing.MockCluster(client, shell);
  }
}
