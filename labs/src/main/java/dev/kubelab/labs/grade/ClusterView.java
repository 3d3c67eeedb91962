package dev.kubelab.labs.grade;

import dev.kubelab.labs.api.KubelabException;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One grading round's view of the cluster: each (apiVersion, kind, namespace) is listed once and
 * every check reads from memory, so a lab costs one list call per kind, not one per check.
 */
public final class ClusterView {
  private final KubernetesClient client;
  private final Map<String, List<GenericKubernetesResource>> lists = new ConcurrentHashMap<>();
  private final Map<GenericKubernetesResource, Map<String, Object>> maps = new IdentityHashMap<>();
  private final AtomicInteger calls = new AtomicInteger();
  private final java.util.Set<String> unlistable = ConcurrentHashMap.newKeySet();

  public ClusterView(KubernetesClient client) {
    this.client = client;
  }

  /** All objects of a kind in a namespace (or cluster-wide for cluster-scoped kinds). */
  public List<GenericKubernetesResource> list(String apiVersion, String kind, String namespace) {
    return lists.computeIfAbsent(apiVersion + "|" + kind + "|" + namespace, k -> fetch(apiVersion, kind, namespace));
  }

  /**
   * The object of a kind with this name, as a list of none or one. Read from the kind's list; an
   * identity that may not list the kind but may read objects by name (a class student and the
   * PersistentVolumes or namespaces named after them) reads just this one.
   */
  public List<GenericKubernetesResource> named(String apiVersion, String kind, String namespace, String name) {
    String key = apiVersion + "|" + kind + "|" + namespace;
    if (!unlistable.contains(key)) {
      try {
        return list(apiVersion, kind, namespace).stream().filter(r -> name.equals(r.getMetadata().getName())).toList();
      } catch (KubelabException e) {
        if (!Errors.forbidden(e)) throw e;
        unlistable.add(key);
      }
    }
    return lists.computeIfAbsent(key + "|" + name, k -> {
      calls.incrementAndGet();
      try {
        GenericKubernetesResource r = client.genericKubernetesResources(apiVersion, kind).inNamespace(namespace).withName(name).get();
        if (r == null) return List.of();
        fill(r, apiVersion, kind);
        return List.of(r);
      } catch (KubernetesClientException e) {
        throw Errors.translate(e, "read " + kind + " " + name);
      }
    });
  }

  private static void fill(GenericKubernetesResource i, String apiVersion, String kind) {
    if (i.getKind() == null) i.setKind(kind);
    if (i.getApiVersion() == null) i.setApiVersion(apiVersion);
  }

  private List<GenericKubernetesResource> fetch(String apiVersion, String kind, String namespace) {
    calls.incrementAndGet();
    try {
      var op = client.genericKubernetesResources(apiVersion, kind);
      List<GenericKubernetesResource> items = op.inNamespace(namespace).list().getItems();
      items.forEach(i -> fill(i, apiVersion, kind));
      return List.copyOf(items);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 0 && String.valueOf(e.getMessage()).contains("Could not find the metadata")) {
        throw new KubelabException(KubelabException.ENVIRONMENT, "the cluster does not serve " + apiVersion + " " + kind,
            "is the add-on or CRD that provides " + kind + " installed? ('kubectl api-resources' lists what the cluster serves)");
      }
      throw Errors.translate(e, "read " + kind + " objects" + (namespace == null ? "" : " in namespace '" + namespace + "'"));
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new KubelabException(KubelabException.ENVIRONMENT, "the cluster does not serve " + apiVersion + " " + kind,
          "is the add-on or CRD that provides it installed? " + e.getMessage());
    }
  }

  /** The object as maps and lists, converted once and shared by every check of the round. */
  @SuppressWarnings("unchecked")
  public synchronized Map<String, Object> asMap(GenericKubernetesResource r) {
    return maps.computeIfAbsent(r, x -> client.getKubernetesSerialization().convertValue(x, Map.class));
  }

  /** How many list calls this round made (for the benchmark and tests). */
  public int calls() {
    return calls.get();
  }
}
