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
  static final String PLACEMENT = "kubelab.dev/placement";

  private final KubernetesClient client;

  Applier(KubernetesClient client) {
    this.client = client;
  }

  /** Applies every object; returns the setup UIDs keyed as {@link Unchanged#key}. */
  Map<String, String> apply(String file, String rendered, String namespace, String placementLabel) {
    Problems problems = new Problems();
    List<Map<String, Object>> objects = Manifests.parse(file, rendered, problems);
    problems.throwIfAny(file);
    Map<String, String> uids = new LinkedHashMap<>();
    for (Map<String, Object> raw : objects) {
      HasMetadata obj = client.getKubernetesSerialization().convertValue(raw, HasMetadata.class);
      Map<String, String> labels = obj.getMetadata().getLabels() == null ? new HashMap<>() : new HashMap<>(obj.getMetadata().getLabels());
      labels.put(MANAGED_BY, "kubelab");
      labels.put(PLACEMENT, placementLabel);
      obj.getMetadata().setLabels(labels);
      boolean namespaced = isNamespaced(obj);
      if (namespaced && obj.getMetadata().getNamespace() == null) obj.getMetadata().setNamespace(namespace);
      HasMetadata applied = applyOne(obj, file);
      if (applied != null && applied.getMetadata().getUid() != null) {
        GenericKubernetesResource g = new GenericKubernetesResource();
        g.setKind(obj.getKind());
        g.setMetadata(applied.getMetadata());
        uids.put(Unchanged.key(g), applied.getMetadata().getUid());
      }
    }
    return uids;
  }

  private HasMetadata applyOne(HasMetadata obj, String file) {
    String what = obj.getKind() + " '" + obj.getMetadata().getName() + "' from " + file;
    try {
      return ServerSideApply.apply(client, obj);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 422 || e.getCode() == 400) {
        throw new KubelabException(KubelabException.USAGE, "the cluster rejected " + what + ": " + e.getStatus().getMessage(),
            "the manifest is wrong for this cluster's Kubernetes version");
      }
      throw Errors.translate(e, "apply " + what);
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
