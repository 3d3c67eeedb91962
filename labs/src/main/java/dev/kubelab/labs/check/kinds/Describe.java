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

  /** "no PersistentVolumeClaim 'data' in namespace 'x' yet (there is: other) — did you create it, with that exact name?" */
  static String missing(ResourceRef ref, CheckContext ctx) {
    ResourceRef all = new ResourceRef(ref.apiVersion(), ref.kind(), null, java.util.Map.of(), ref.namespace());
    List<String> others = ctx.list(all).stream().map(r -> r.getMetadata().getName()).limit(5).toList();
    String where = others.isEmpty() ? "" : where(ref, ctx, ctx.list(all).get(0));
    return "no " + ref.describe() + where
        + " yet" + (others.isEmpty() ? "" : " (there " + (others.size() == 1 ? "is" : "are") + ": " + String.join(", ", others) + ")")
        + (ref.name() != null ? " — did you create it, with that exact name?" : "");
  }

  static String name(GenericKubernetesResource r) {
    return r.getKind() + " '" + r.getMetadata().getName() + "'";
  }
}
