package dev.kubelab.labs.check.kinds;

import dev.kubelab.labs.check.CheckContext;
import dev.kubelab.labs.check.ResourceRef;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;

/** Sentences shared by the kinds: where an object was looked for, and what else was there. */
final class Describe {
  private Describe() {}

  static String where(ResourceRef ref, CheckContext ctx, GenericKubernetesResource any) {
    boolean clusterScoped = any != null && any.getMetadata().getNamespace() == null;
    return clusterScoped ? "" : " in namespace '" + ctx.namespace(ref.namespace()) + "'";
  }

  /** Kinds that exist outside namespaces, for saying where an object was looked for when none is found. */
  private static final java.util.Set<String> CLUSTER_SCOPED = java.util.Set.of("Node", "Namespace", "PersistentVolume",
      "StorageClass", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "IngressClass", "PriorityClass",
      "RuntimeClass", "CSIDriver", "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding",
      "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration", "GatewayClass", "VolumeSnapshotClass");

  /** Kinds a controller makes rather than the learner: asking "did you create it?" would mislead. */
  private static final java.util.Set<String> MADE_BY_CONTROLLERS = java.util.Set.of("ReplicaSet", "EndpointSlice", "Endpoints",
      "Event", "ControllerRevision", "VirtualMachineInstance");

  /** "no PersistentVolumeClaim 'data' in namespace 'x' yet (there is: other) — did you create it, with that exact name?" */
  static String missing(ResourceRef ref, CheckContext ctx) {
    ResourceRef all = new ResourceRef(ref.apiVersion(), ref.kind(), null, java.util.Map.of(), ref.namespace());
    List<GenericKubernetesResource> found;
    try {
      found = ctx.list(all);
    } catch (dev.kubelab.labs.api.KubelabException e) {
      // may read this object by name but not list its kind (a class student and cluster-wide kinds): nothing to list
      if (!(e.getCause() instanceof io.fabric8.kubernetes.client.KubernetesClientException k) || k.getCode() != 403) throw e;
      found = List.of();
    }
    List<String> others = found.stream().map(r -> r.getMetadata().getName()).limit(5).toList();
    String where = !found.isEmpty() ? where(ref, ctx, found.get(0))
        : CLUSTER_SCOPED.contains(ref.kind()) ? "" : " in namespace '" + ctx.namespace(ref.namespace()) + "'";
    String ask = ref.name() == null ? ""
        : MADE_BY_CONTROLLERS.contains(ref.kind()) ? " — a controller makes it once what it belongs to is in place"
        : " — did you create it, with that exact name?";
    return "no " + ref.describe() + where
        + " yet" + (others.isEmpty() ? "" : " (there " + (others.size() == 1 ? "is" : "are") + ": " + String.join(", ", others) + ")")
        + ask;
  }

  static String name(GenericKubernetesResource r) {
    return r.getKind() + " '" + r.getMetadata().getName() + "'";
  }
}
