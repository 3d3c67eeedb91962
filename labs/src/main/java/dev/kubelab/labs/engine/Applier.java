package dev.kubelab.labs.engine;

import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.labs.check.kinds.Unchanged;
import dev.kubelab.labs.content.Manifests;
import dev.kubelab.labs.content.Problems;
import dev.kubelab.labs.grade.Errors;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies rendered manifests the way {@code kubectl apply} would ({@link ServerSideApply}). Labels every object as kubelab's, so reset can
 * find cluster-scoped leftovers.
 */
final class Applier {
  static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  static final String PLACEMENT = dev.kubelab.labs.api.Placement.LABEL;

  /** Kinds replaced when a change cannot be made in place. */
  private static final java.util.Set<String> REPLACEABLE = java.util.Set.of("Pod", "Job");

  private final KubernetesClient client;

  Applier(KubernetesClient client) {
    this.client = client;
  }

  /** Applies every object; returns the setup UIDs keyed as {@link Unchanged#key}. */
  Map<String, String> apply(String file, String rendered, String namespace, String placementLabel) {
    return apply(file, rendered, namespace, placementLabel, line -> {});
  }

  /**
   * As above, reporting progress: an object that exists and cannot take the change in place (a
   * Pod's spec, a Job's template) is deleted and created again, after saying so.
   */
  Map<String, String> apply(String file, String rendered, String namespace, String placementLabel,
      java.util.function.Consumer<String> progress) {
    Problems problems = new Problems();
    List<Map<String, Object>> objects = Manifests.parse(file, rendered, problems);
    problems.throwIfAny(file);
    Map<String, String> uids = new LinkedHashMap<>();
    for (Map<String, Object> raw : objects) {
      HasMetadata obj = client.getKubernetesSerialization().convertValue(raw, HasMetadata.class);
      // a lab's manifest names a Namespace only to set its labels: the namespace is the placement's, labelled when
      // kubelab created it, or a class's, whose labels are not the lab's to add to (the class's policy refuses that)
      if (!"Namespace".equals(obj.getKind())) {
        Map<String, String> labels = obj.getMetadata().getLabels() == null ? new HashMap<>() : new HashMap<>(obj.getMetadata().getLabels());
        labels.put(MANAGED_BY, "kubelab");
        labels.put(PLACEMENT, placementLabel);
        obj.getMetadata().setLabels(labels);
      }
      boolean namespaced = isNamespaced(obj);
      if (namespaced && obj.getMetadata().getNamespace() == null) obj.getMetadata().setNamespace(namespace);
      HasMetadata applied = applyOne(obj, file, progress);
      if (applied != null && applied.getMetadata().getUid() != null) {
        GenericKubernetesResource g = new GenericKubernetesResource();
        g.setKind(obj.getKind());
        g.setMetadata(applied.getMetadata());
        uids.put(Unchanged.key(g), applied.getMetadata().getUid());
      }
    }
    return uids;
  }

  private HasMetadata applyOne(HasMetadata obj, String file, java.util.function.Consumer<String> progress) {
    String what = obj.getKind() + " '" + obj.getMetadata().getName() + "' from " + file;
    try {
      return ServerSideApply.apply(client, obj);
    } catch (KubernetesClientException e) {
      if (Errors.immutable(e)) return replace(obj, e, progress);
      if (e.getCode() == 422 || e.getCode() == 400) {
        throw new KubelabException(KubelabException.USAGE, "the cluster rejected " + what + ": " + Errors.brief(e),
            "the manifest does not fit this cluster's Kubernetes version; if the lab's own manifest fails, report the lab", e);
      }
      throw Errors.translate(e, "apply " + what);
    }
  }

  /**
   * Pods and Jobs are replaced, as their owners would: nothing but the object itself is lost. Other
   * kinds (a claim's data, a Service's address) are the learner's to delete, so the error says how.
   */
  private HasMetadata replace(HasMetadata obj, KubernetesClientException refusal, java.util.function.Consumer<String> progress) {
    String kind = obj.getKind();
    String name = obj.getMetadata().getName();
    String ns = obj.getMetadata().getNamespace();
    if (!REPLACEABLE.contains(kind)) {
      throw new KubelabException(KubelabException.USAGE, kind + " '" + name + "' cannot be changed in place ("
          + Errors.brief(refusal) + ")", "delete it ('kubectl delete " + kind.toLowerCase(java.util.Locale.ROOT) + " " + name
          + (ns == null ? "" : " -n " + ns) + "'), then run this again", refusal);
    }
    progress.accept("replacing " + kind + " " + name + ": " + kind.toLowerCase(java.util.Locale.ROOT) + "s cannot be changed in place");
    try {
      client.resource(obj).withGracePeriod(0L).delete();
      java.time.Instant deadline = java.time.Instant.now().plusSeconds(120);
      while (client.resource(obj).get() != null) {
        if (java.time.Instant.now().isAfter(deadline)) {
          throw KubelabException.environment(kind + " '" + name + "' is still being deleted after 2 minutes",
              "'kubectl get " + kind.toLowerCase(java.util.Locale.ROOT) + " " + name + (ns == null ? "" : " -n " + ns)
                  + " -o yaml' shows what holds it (a finalizer?)");
        }
        Thread.sleep(500);
      }
      obj.getMetadata().setResourceVersion(null);
      obj.getMetadata().setUid(null);
      return ServerSideApply.apply(client, obj);
    } catch (KubernetesClientException e) {
      throw Errors.translate(e, "replace " + kind + " '" + name + "'");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw KubelabException.environment("interrupted while replacing " + kind + " '" + name + "'", "run the command again");
    }
  }

  boolean isNamespaced(HasMetadata obj) {
    if (obj instanceof GenericKubernetesResource) {
      try {
        return namespacedByDiscovery(obj);
      } catch (RuntimeException e) {
        return true;
      }
    }
    return obj instanceof Namespaced;
  }

  private boolean namespacedByDiscovery(HasMetadata obj) {
    var list = client.getApiResources(obj.getApiVersion());
    if (list == null) return true;
    return list.getResources().stream().filter(r -> obj.getKind().equals(r.getKind())).findFirst()
        .map(r -> Boolean.TRUE.equals(r.getNamespaced())).orElse(true);
  }
}
