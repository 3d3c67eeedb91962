package dev.kubelab.labs.check;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A check's fields, with every string rendered through the lab's template model. Reading a
 * field marks it used; fields never read are reported as unknown. Problems are collected, not
 * thrown, so one pass reports them all.
 */
public final class Params {
  private final Map<String, Object> fields;
  private final UnaryOperator<String> render;
  private final Set<String> used = new HashSet<>();
  private final List<String> problems = new ArrayList<>();

  public Params(Map<String, Object> fields, UnaryOperator<String> render) {
    this.fields = fields;
    this.render = render;
  }

  public boolean has(String key) {
    used.add(key);
    return fields.containsKey(key);
  }

  public String string(String key) {
    String s = optString(key, null);
    if (s == null) problem(key, "is required");
    return s == null ? "" : s;
  }

  public String optString(String key, String defaultValue) {
    used.add(key);
    Object v = fields.get(key);
    if (v == null) return defaultValue;
    if (!(v instanceof String s)) {
      problem(key, "must be a single value");
      return defaultValue;
    }
    return render.apply(s);
  }

  public int integer(String key, int defaultValue) {
    String s = optString(key, null);
    if (s == null) return defaultValue;
    try {
      return Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      problem(key, "must be a whole number, found '" + s + "'");
      return defaultValue;
    }
  }

  public boolean bool(String key, boolean defaultValue) {
    String s = optString(key, null);
    if (s == null) return defaultValue;
    if (!s.equals("true") && !s.equals("false")) problem(key, "must be true or false, found '" + s + "'");
    return Boolean.parseBoolean(s);
  }

  /** A list of strings; a single value counts as a list of one. */
  public List<String> strings(String key) {
    used.add(key);
    Object v = fields.get(key);
    if (v == null) return List.of();
    if (v instanceof String s) return List.of(render.apply(s));
    if (v instanceof List<?> l) {
      List<String> out = new ArrayList<>();
      for (Object o : l) {
        if (o instanceof String s) out.add(render.apply(s));
        else problem(key, "must be a list of values");
      }
      return out;
    }
    problem(key, "must be a list");
    return List.of();
  }

  /** A reference: "apps/v1/Deployment/web" or a map with apiVersion, kind, name/selector, namespace. */
  public ResourceRef ref(String key) {
    used.add(key);
    Object v = fields.get(key);
    try {
      if (v == null) {
        problem(key, "is required (e.g. " + key + ": v1/Pod/web)");
      } else if (v instanceof String s) {
        return ResourceRef.parse(render.apply(s));
      } else if (v instanceof Map<?, ?> m) {
        Params p = nested(m);
        String kind = p.string("kind");
        String apiVersion = p.optString("apiVersion", "v1");
        String name = p.optString("name", null);
        Map<String, String> sel = ResourceRef.selector(p.optString("selector", null));
        String ns = p.optString("namespace", null);
        ResourceRef owner = p.has("owner") ? p.ref("owner") : null;
        p.unknown().forEach(u -> problem(key + "." + u, "unknown field"));
        p.problems.forEach(pr -> problems.add(key + "." + pr));
        return new ResourceRef(apiVersion, kind, name, sel, ns, owner);
      } else {
        problem(key, "must be apiVersion/Kind/name or a mapping");
      }
    } catch (IllegalArgumentException e) {
      problem(key, e.getMessage());
    }
    return new ResourceRef("v1", "Unknown", null, Map.of(), null);
  }

  /** A nested mapping, rendered the same way; its problems are the caller's to merge. */
  public Params nested(Map<?, ?> m) {
    Map<String, Object> copy = new LinkedHashMap<>();
    m.forEach((k, val) -> copy.put(String.valueOf(k), val));
    return new Params(copy, render);
  }

  /** Renders a text with the lab's template model (for fields kept as whole documents). */
  public String render(String text) {
    return render.apply(text);
  }

  /** An identity: {@code {user, groups, serviceAccount}} (the loader has resolved lab identity names). */
  public dev.kubelab.labs.api.Identity identity(String key) {
    used.add(key);
    Object v = fields.get(key);
    if (!(v instanceof Map<?, ?> m)) {
      problem(key, v == null ? "is required: an identity of the lab or {user, groups, serviceAccount}" : "must name an identity of the lab");
      return new dev.kubelab.labs.api.Identity("nobody", List.of(), null);
    }
    Params p = nested(m);
    String user = p.optString("user", null);
    List<String> groups = p.strings("groups");
    String sa = p.optString("serviceAccount", null);
    p.unknown().forEach(u -> problem(key + "." + u, "unknown field"));
    p.problems().forEach(pr -> problems.add(key + "." + pr));
    if (user == null && groups.isEmpty() && sa == null) problem(key, "needs a user, groups or a serviceAccount");
    return new dev.kubelab.labs.api.Identity(user, groups, sa);
  }

  public Object raw(String key) {
    used.add(key);
    return fields.get(key);
  }

  public void problem(String key, String message) {
    problems.add(key + ": " + message);
  }

  public List<String> unknown() {
    return fields.keySet().stream().filter(k -> !used.contains(k)).sorted().toList();
  }

  /** Problems found so far, each "field: message". */
  public List<String> problems() {
    return problems;
  }
}
