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
    List<String> out = new ArrayList<>();
    for (String url : granted.nonResourceURLs()) out.add(verbs(granted.verbs()) + " the URL " + url);
    out.addAll(uncovered(granted, allowed));
    return out;
  }

  /** The rights of an allowed rule that no granted rule gives, as "verbs resource" phrases. */
  static List<String> missing(Rule allowed, List<Rule> granted) {
    return uncovered(allowed, granted);
  }

  /**
   * Every (group, resource, verb) of {@code rule} that no rule of {@code by} covers. A rule limited
   * to resourceNames covers only a rule limited to a subset of those names.
   */
  private static List<String> uncovered(Rule rule, List<Rule> by) {
    Map<String, List<String>> left = new LinkedHashMap<>();
    for (String g : rule.apiGroups()) {
      for (String r : rule.resources()) {
        for (String v : rule.verbs()) {
          boolean covered = by.stream().anyMatch(x -> covers(x.apiGroups(), g) && covers(x.resources(), r) && covers(x.verbs(), v)
              && (x.resourceNames().isEmpty() || (!rule.resourceNames().isEmpty() && x.resourceNames().containsAll(rule.resourceNames()))));
          if (!covered) left.computeIfAbsent(resource(g, r, rule.resourceNames()), k -> new ArrayList<>()).add(v);
        }
      }
    }
    List<String> out = new ArrayList<>();
    left.forEach((what, verbs) -> out.add(verbs(verbs) + " " + what));
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
