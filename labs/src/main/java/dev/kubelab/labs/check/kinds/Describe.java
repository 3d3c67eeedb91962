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

  /**
   * "no PersistentVolumeClaim 'data' in namespace 'x' yet (there is: other) — did you create it, with that exact name?"
   * For a cluster-scoped kind only this lab's objects are named, never other labs' or students'.
   */
  static String missing(ResourceRef ref, CheckContext ctx) {
    ResourceRef all = new ResourceRef(ref.apiVersion(), ref.kind(), null, java.util.Map.of(), ref.namespace());
    List<GenericKubernetesResource> found;
    boolean listed = true;
    try {
      found = ctx.list(all);
    } catch (dev.kubelab.labs.api.KubelabException e) {
      // may read this object by name but not list its kind (a class student and cluster-wide kinds): nothing to list
      if (!dev.kubelab.labs.grade.Errors.forbidden(e)) throw e;
      found = List.of();
      listed = false;
    }
    boolean clusterScoped = found.isEmpty() ? CLUSTER_SCOPED.contains(ref.kind()) : found.get(0).getMetadata().getNamespace() == null;
    String where = clusterScoped ? "" : " in namespace '" + ctx.namespace(ref.namespace()) + "'";
    String ask = ref.name() == null ? ""
        : MADE_BY_CONTROLLERS.contains(ref.kind()) ? " — a controller makes it once what it belongs to is in place"
        : " — did you create it, with that exact name?";
    return "no " + ref.describe() + where + " yet" + (listed ? others(ref, ctx, found, clusterScoped) : "") + ask;
  }

  /** What there is instead: in the lab's namespace, everything; of a cluster-wide kind, only what this lab owns. */
  private static String others(ResourceRef ref, CheckContext ctx, List<GenericKubernetesResource> found, boolean clusterScoped) {
    if (!clusterScoped || SHARED.contains(ref.kind())) {
      List<String> names = found.stream().map(r -> r.getMetadata().getName()).limit(5).toList();
      return names.isEmpty() ? "" : " (there " + (names.size() == 1 ? "is" : "are") + ": " + String.join(", ", names) + ")";
    }
    String ns = ctx.namespace(null);
    List<String> own = found.stream().filter(r -> owned(r, ns)).map(r -> r.getMetadata().getName()).sorted().limit(5).toList();
    return own.isEmpty() ? " (none of this lab's " + plural(ref.kind()) + " exist)" : " (this lab's: " + String.join(", ", own) + ")";
  }

  /** Kinds every lab shares, none owns: what there is helps (node names). */
  private static final java.util.Set<String> SHARED = java.util.Set.of("Node");

  /**
   * A lab's cluster-wide objects carry its namespace in their names ({@code ${ns}-retain},
   * {@code vmrequests.${ns}.kubelab.dev}), and those its setup applied the placement label.
   */
  private static boolean owned(GenericKubernetesResource r, String ns) {
    java.util.Map<String, String> labels = r.getMetadata().getLabels();
    if (labels != null && ns.equals(labels.get(dev.kubelab.labs.api.Placement.LABEL))) return true;
    String name = r.getMetadata().getName();
    return name != null && java.util.regex.Pattern.compile("(^|[.-])" + java.util.regex.Pattern.quote(ns) + "($|[.-])").matcher(name).find();
  }

  private static String plural(String kind) {
    if (kind.endsWith("s")) return kind + "es";
    if (kind.endsWith("y") && !kind.endsWith("ey")) return kind.substring(0, kind.length() - 1) + "ies";
    return kind + "s";
  }

  static String name(GenericKubernetesResource r) {
    return r.getKind() + " '" + r.getMetadata().getName() + "'";
  }
}
