package dev.kubelab.labs.check.kinds;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** RBAC rules as data, and the two comparisons least privilege needs: what lies beyond, what is missing. */
final class Rbac {
  private Rbac() {}

  /** One PolicyRule; an empty apiGroups entry is the core group. */
  record Rule(List<String> apiGroups, List<String> resources, List<String> verbs, List<String> resourceNames,
      List<String> nonResourceURLs) {}

  /** A granted rule and where it comes from ("RoleBinding x → Role y"). */
  record Grant(Rule rule, String source) {}

  static List<Rule> rules(Map<String, Object> role) {
    List<Rule> out = new ArrayList<>();
    if (!(role.get("rules") instanceof List<?> rules)) return out;
    for (Object o : rules) {
      if (o instanceof Map<?, ?> r) {
        out.add(new Rule(strings(r.get("apiGroups")), strings(r.get("resources")), strings(r.get("verbs")),
            strings(r.get("resourceNames")), strings(r.get("nonResourceURLs"))));
      }
    }
    return out;
  }

  private static List<String> strings(Object o) {
    return o instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
  }

  private static boolean covers(List<String> values, String x) {
    return values.contains("*") || values.contains(x);
  }

  /** What a granted rule allows beyond every allowed rule, as "verbs resource" phrases. */
  static List<String> beyond(Rule granted, List<Rule> allowed) {
    Map<String, List<String>> extra = new LinkedHashMap<>();
    for (String url : granted.nonResourceURLs()) {
      for (String v : granted.verbs()) extra.computeIfAbsent("the URL " + url, k -> new ArrayList<>()).add(v);
    }
    for (String g : granted.apiGroups()) {
      for (String r : granted.resources()) {
        for (String v : granted.verbs()) {
          boolean ok = allowed.stream().anyMatch(a -> covers(a.apiGroups(), g) && covers(a.resources(), r) && covers(a.verbs(), v)
              && (a.resourceNames().isEmpty() || (!granted.resourceNames().isEmpty() && a.resourceNames().containsAll(granted.resourceNames()))));
          if (!ok) extra.computeIfAbsent(resource(g, r, granted.resourceNames()), k -> new ArrayList<>()).add(v);
        }
      }
    }
    List<String> out = new ArrayList<>();
    extra.forEach((what, verbs) -> out.add(verbs(verbs) + " " + what));
    return out;
  }

  /** The rights of an allowed rule that no granted rule gives, as "verbs resource" phrases. */
  static List<String> missing(Rule allowed, List<Rule> granted) {
    Map<String, List<String>> missing = new LinkedHashMap<>();
    for (String g : allowed.apiGroups()) {
      for (String r : allowed.resources()) {
        for (String v : allowed.verbs()) {
          boolean ok = granted.stream().anyMatch(x -> covers(x.apiGroups(), g) && covers(x.resources(), r) && covers(x.verbs(), v)
              && (x.resourceNames().isEmpty() || (!allowed.resourceNames().isEmpty() && x.resourceNames().containsAll(allowed.resourceNames()))));
          if (!ok) missing.computeIfAbsent(resource(g, r, allowed.resourceNames()), k -> new ArrayList<>()).add(v);
        }
      }
    }
    List<String> out = new ArrayList<>();
    missing.forEach((what, verbs) -> out.add(verbs(verbs) + " " + what));
    return out;
  }

  private static String verbs(List<String> verbs) {
    return verbs.contains("*") ? "do anything (verb *) with" : String.join(", ", verbs);
  }

  private static String resource(String group, String resource, List<String> names) {
    String r = resource.equals("*") ? "every resource (*)" : resource;
    String grp = group.isEmpty() ? "" : group.equals("*") ? " in every API group (*)" : " in API group " + group;
    return r + grp + (names.isEmpty() ? "" : " named " + String.join(", ", names));
  }
}
