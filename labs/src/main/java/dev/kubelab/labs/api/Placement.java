package dev.kubelab.labs.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a lab runs: the actual namespace for each logical namespace the lab declares. The same
 * lab can be placed in several places at once (exam tasks, classroom students).
 */
public record Placement(Map<String, String> namespaces) {
  /** The label on every object a lab's setup applies, naming the placement's first namespace. */
  public static final String LABEL = "kubelab.dev/placement";

  /** {@code namespaces} must iterate in the lab's order (e.g. a LinkedHashMap): the first is the default. */
  public Placement {
    if (namespaces.isEmpty()) throw new IllegalArgumentException("a placement needs at least one namespace");
    if (namespaces.size() > 1 && !(namespaces instanceof java.util.LinkedHashMap || namespaces instanceof java.util.SortedMap)) {
      throw new IllegalArgumentException("namespaces must be in the lab's order (use a LinkedHashMap)");
    }
    namespaces = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(namespaces));
  }

  /** The standard placement for a learner's own cluster: kl-CHAPTER-LAB, then -NAME for the others. */
  public static Placement standard(Lab lab) {
    return prefixed(lab, "kl-" + lab.id().replace('/', '-'));
  }

  /**
   * A single-namespace lab placed into an existing namespace that is not the lab's own (namespaced
   * mode: a classroom student's namespace).
   */
  public static Placement into(Lab lab, String namespace) {
    if (lab.namespaces().size() != 1) {
      throw new IllegalArgumentException("lab " + lab.id() + " uses " + lab.namespaces().size() + " namespaces; only a one-namespace lab fits into " + namespace);
    }
    return new Placement(Map.of(lab.namespaces().get(0), namespace));
  }

  /** Every logical namespace under one prefix: the first gets the prefix itself. */
  public static Placement prefixed(Lab lab, String prefix) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < lab.namespaces().size(); i++) {
      String logical = lab.namespaces().get(i);
      m.put(logical, dns(i == 0 ? prefix : prefix + "-" + logical));
    }
    return new Placement(m);
  }

  /** The actual namespace of a logical one; null or blank means the lab's first namespace. */
  public String namespace(String logical) {
    if (logical == null || logical.isBlank()) return namespaces.values().iterator().next();
    String ns = namespaces.get(logical);
    if (ns == null) {
      throw new IllegalArgumentException("no namespace '" + logical + "' in this lab: " + namespaces.keySet());
    }
    return ns;
  }

  public String main() {
    return namespace(null);
  }

  private static String dns(String s) {
    String n = s.toLowerCase().replaceAll("[^a-z0-9-]", "-");
    if (n.length() > 63) n = n.substring(0, 63);
    return n.replaceAll("-+$", "");
  }
}
