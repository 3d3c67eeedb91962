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

  public ClusterView(KubernetesClient client) {
    this.client = client;
  }

  /** All objects of a kind in a namespace (or cluster-wide for cluster-scoped kinds). */
  public List<GenericKubernetesResource> list(String apiVersion, String kind, String namespace) {
    return lists.computeIfAbsent(apiVersion + "|" + kind + "|" + namespace, k -> fetch(apiVersion, kind, namespace));
  }

  private List<GenericKubernetesResource> fetch(String apiVersion, String kind, String namespace) {
    calls.incrementAndGet();
    try {
      var op = client.genericKubernetesResources(apiVersion, kind);
      List<GenericKubernetesResource> items = op.inNamespace(namespace).list().getItems();
      items.forEach(i -> {
        if (i.getKind() == null) i.setKind(kind);
        if (i.getApiVersion() == null) i.setApiVersion(apiVersion);
      });
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
