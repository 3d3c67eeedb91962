package dev.kubelab.labs.testing;

import dev.kubelab.labs.content.Manifests;
import dev.kubelab.labs.content.Problems;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.util.Map;

/**
 * Seeds fabric8's CRUD mock server with objects as a real cluster would show them, status
 * included: the mock has no controllers, so tests stand in for them.
 */
public final class MockState {
  private MockState() {}

  public static void apply(KubernetesClient client, String yaml, String namespace) {
    Problems problems = new Problems();
    for (Map<String, Object> raw : Manifests.parse("state", yaml, problems)) {
      HasMetadata obj = client.getKubernetesSerialization().convertValue(raw, HasMetadata.class);
      if (obj instanceof Namespaced && obj.getMetadata().getNamespace() == null) obj.getMetadata().setNamespace(namespace);
      if (obj.getMetadata().getUid() == null) {
        HasMetadata existing = client.resource(obj).get();
        if (existing != null) obj.getMetadata().setUid(existing.getMetadata().getUid());
      }
      obj.getMetadata().setResourceVersion(null);
      client.resource(obj).createOr(NonDeletingOperation::update);
    }
    problems.throwIfAny("state");
  }

  /**
   * What a three-node k3s shows a lab: Ready nodes k3s-server (the control plane), k3s-agent-1
   * and k3s-agent-2, and local-path as the default StorageClass (WaitForFirstConsumer).
   */
  public static void seedK3s(KubernetesClient admin) {
    for (String node : new String[] {"k3s-server", "k3s-agent-1", "k3s-agent-2"}) {
      var meta = new io.fabric8.kubernetes.api.model.NodeBuilder().withNewMetadata().withName(node)
          .addToLabels("kubernetes.io/hostname", node);
      if (node.equals("k3s-server")) meta = meta.addToLabels("node-role.kubernetes.io/control-plane", "true");
      admin.nodes().resource(meta.endMetadata().withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition()
          .endStatus().build()).createOr(NonDeletingOperation::update);
    }
    admin.storage().v1().storageClasses().resource(new io.fabric8.kubernetes.api.model.storage.StorageClassBuilder()
        .withNewMetadata().withName("local-path").addToAnnotations("storageclass.kubernetes.io/is-default-class", "true").endMetadata()
        .withProvisioner("rancher.io/local-path").withVolumeBindingMode("WaitForFirstConsumer").build())
        .createOr(NonDeletingOperation::update);
  }

  /**
   * Registers Gateway API's Gateway and HTTPRoute, which k3s installs with its Traefik v3: stored
   * as written (no schema, so none of the CRDs' defaults), with no controller to set their status.
   */
  public static void serveGatewayApi(KubernetesClient client) {
    for (String kind : new String[] {"Gateway", "HTTPRoute"}) {
      String plural = kind.toLowerCase(java.util.Locale.ROOT) + "s";
      client.apiextensions().v1().customResourceDefinitions().resource(
          new io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder()
              .withNewMetadata().withName(plural + ".gateway.networking.k8s.io").endMetadata()
              .withNewSpec().withGroup("gateway.networking.k8s.io").withScope("Namespaced")
              .withNewNames().withKind(kind).withListKind(kind + "List").withPlural(plural)
              .withSingular(kind.toLowerCase(java.util.Locale.ROOT)).endNames()
              .addNewVersion().withName("v1").withServed(true).withStorage(true)
              .withNewSchema().withNewOpenAPIV3Schema().withType("object").withXKubernetesPreserveUnknownFields(true)
              .endOpenAPIV3Schema().endSchema().endVersion().endSpec()
              .withNewStatus().addNewCondition().withType("Established").withStatus("True").endCondition().endStatus().build())
          .createOr(io.fabric8.kubernetes.client.dsl.NonDeletingOperation::update);
    }
  }

  /**
   * Registers the kinds every built-in add-on brings (Flux's, KubeVirt's) on the mock, marked
   * Established, with no schema and no status subresource: objects, status included, are stored
   * as written, so recorded states stand in for the add-ons' controllers.
   */
  public static void serveAddonKinds(KubernetesClient client) {
    for (String id : dev.kubelab.labs.addon.Addons.IDS) {
      for (dev.kubelab.labs.addon.Addon.Kind k : dev.kubelab.labs.addon.Addons.builtIn().get(id).orElseThrow().kinds()) {
        client.apiextensions().v1().customResourceDefinitions().resource(
            new io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder()
                .withNewMetadata().withName(k.plural() + "." + k.group()).endMetadata()
                .withNewSpec().withGroup(k.group()).withScope("Namespaced")
                .withNewNames().withKind(k.kind()).withListKind(k.kind() + "List").withPlural(k.plural())
                .withSingular(k.kind().toLowerCase(java.util.Locale.ROOT)).endNames()
                .addNewVersion().withName(k.version()).withServed(true).withStorage(true)
                .withNewSchema().withNewOpenAPIV3Schema().withType("object").withXKubernetesPreserveUnknownFields(true)
                .endOpenAPIV3Schema().endSchema().endVersion().endSpec()
                .withNewStatus().addNewCondition().withType("Established").withStatus("True").endCondition().endStatus().build())
            .createOr(io.fabric8.kubernetes.client.dsl.NonDeletingOperation::update);
      }
    }
  }
}
