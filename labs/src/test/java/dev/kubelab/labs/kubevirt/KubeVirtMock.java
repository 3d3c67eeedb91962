package dev.kubelab.labs.kubevirt;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.util.List;

/**
 * Makes fabric8's mock API server serve KubeVirt's kinds, as virt-operator's CRDs do on a real
 * cluster: the mock serves a custom kind once its CRD exists (schema-less here; the real CRDs
 * validate every field).
 */
public final class KubeVirtMock {
  private KubeVirtMock() {}

  /** Registers KubeVirt, VirtualMachine and VirtualMachineInstance (kubevirt.io/v1), marked Established. */
  public static void serveKinds(KubernetesClient client) {
    for (CustomResourceDefinition crd : List.of(crd("KubeVirt", "kubevirts", "kv"), crd("VirtualMachine", "virtualmachines", "vm"),
        crd("VirtualMachineInstance", "virtualmachineinstances", "vmi"))) {
      client.apiextensions().v1().customResourceDefinitions().resource(crd).createOr(NonDeletingOperation::update);
    }
  }

  static CustomResourceDefinition crd(String kind, String plural, String shortName) {
    return new CustomResourceDefinitionBuilder().withNewMetadata().withName(plural + ".kubevirt.io").endMetadata()
        .withNewSpec().withGroup("kubevirt.io").withScope("Namespaced")
        .withNewNames().withKind(kind).withPlural(plural).withSingular(kind.toLowerCase()).addToShortNames(shortName).endNames()
        .addNewVersion().withName("v1").withServed(true).withStorage(true).endVersion().endSpec()
        .withNewStatus().addNewCondition().withType("Established").withStatus("True").endCondition().endStatus().build();
  }
}
