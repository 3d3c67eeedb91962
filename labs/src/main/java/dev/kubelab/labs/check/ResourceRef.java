package dev.kubelab.labs.check;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Names objects in the cluster: apiVersion and kind, then a name or an equality label selector,
 * and the lab's logical namespace (null: the lab's first one). With an {@code owner}, only the
 * objects that object owns count, through every level of ownerReferences (a Deployment's pods
 * through their ReplicaSet): "the pods of Deployment web", not whatever carries app=web.
 */
public record ResourceRef(String apiVersion, String kind, String name, Map<String, String> selector, String namespace,
    ResourceRef owner) {

  public ResourceRef(String apiVersion, String kind, String name, Map<String, String> selector, String namespace) {
    this(apiVersion, kind, name, selector, namespace, null);
  }

  /** Parses "apps/v1/Deployment/web", "v1/Pod/web" or "v1/Pod" (all of a kind). */
  public static ResourceRef parse(String text) {
    String[] parts = text.trim().split("/");
    if (parts.length < 2 || parts.length > 4) {
      throw new IllegalArgumentException("expected apiVersion/Kind/name such as v1/Pod/web or apps/v1/Deployment/web, found '" + text + "'");
    }
    boolean grouped = parts.length == 4 || (parts.length == 3 && !Character.isUpperCase(parts[1].charAt(0)));
    String apiVersion = grouped ? parts[0] + "/" + parts[1] : parts[0];
    int k = grouped ? 2 : 1;
    String kind = parts[k];
    String name = parts.length > k + 1 ? parts[k + 1] : null;
    if (kind.isEmpty() || !Character.isUpperCase(kind.charAt(0))) {
      throw new IllegalArgumentException("'" + kind + "' is not a Kind (Kinds start with a capital: Pod, Deployment) in '" + text + "'");
    }
    return new ResourceRef(apiVersion, kind, name, Map.of(), null);
  }

  /** Parses "app=web,tier=db"; set-based selectors are not supported. */
  public static Map<String, String> selector(String text) {
    Map<String, String> m = new LinkedHashMap<>();
    if (text == null || text.isBlank()) return m;
    for (String term : text.split(",")) {
      String[] kv = term.split("==?", 2);
      if (kv.length != 2 || kv[0].isBlank() || term.contains("!=")) {
        throw new IllegalArgumentException("selector term '" + term.trim() + "' must be key=value");
      }
      m.put(kv[0].trim(), kv[1].trim());
    }
    return m;
  }

  public ResourceRef withNamespace(String ns) {
    return new ResourceRef(apiVersion, kind, name, selector, ns, owner);
  }

  public boolean matches(Map<String, String> labels) {
    if (selector.isEmpty()) return true;
    return labels != null && selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
  }

  /** How a learner would say it: "Deployment 'web'" or "Pods with app=web". */
  public String describe() {
    String of = owner == null ? "" : " of " + owner.describe();
    if (name != null) return kind + " '" + name + "'" + of;
    if (!selector.isEmpty()) return kind + "s with " + selectorText() + of;
    return kind + "s" + of;
  }

  public String selectorText() {
    return selector.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
        .reduce((a, b) -> a + "," + b).orElse("");
  }
}
