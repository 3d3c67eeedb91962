package dev.kubelab.labs.check.kinds;

import dev.kubelab.labs.api.Identity;
import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.labs.check.Check;
import dev.kubelab.labs.check.CheckContext;
import dev.kubelab.labs.check.CheckKind;
import dev.kubelab.labs.check.Outcome;
import dev.kubelab.labs.check.Params;
import dev.kubelab.labs.check.ResourceRef;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Least privilege: everything an identity is granted in a namespace (the rules of every Role and
 * ClusterRole bound to it there or cluster-wide) lies within an allowed set, and with
 * {@code require} (the default) every allowed right is granted. Where {@code can-i} asks about
 * sample actions, this reads the whole grant, so "{@code verbs: ["*"]}" or a second binding to
 * {@code edit} cannot hide behind the samples; the detail names the binding and the extra right.
 * RBAC only adds rights, so the union of the bound rules is exactly what the identity may do
 * through RBAC; the built-in bindings of the cluster (label
 * {@code kubernetes.io/bootstrapping=rbac-defaults}) are not the learner's and are left out.
 */
public final class Permissions implements CheckKind {
  @Override
  public String name() {
    return "permissions";
  }

  @Override
  public Check create(Params p) {
    Identity who = p.identity("as");
    String logicalNs = p.optString("namespace", null);
    boolean require = p.bool("require", true);
    List<Rbac.Rule> allowed = new ArrayList<>();
    Object raw = p.raw("allow");
    if (raw instanceof List<?> l) {
      for (Object o : l) {
        if (o instanceof Map<?, ?> m) {
          Params r = p.nested(m);
          Rbac.Rule rule = new Rbac.Rule(r.strings("apiGroups").isEmpty() ? List.of("") : r.strings("apiGroups"),
              r.strings("resources"), r.strings("verbs"), r.strings("resourceNames"), List.of());
          if (rule.resources().isEmpty() || rule.verbs().isEmpty()) p.problem("allow", "each rule needs resources and verbs");
          r.unknown().forEach(u -> p.problem("allow." + u, "unknown field (apiGroups, resources, verbs, resourceNames)"));
          allowed.add(rule);
        } else {
          p.problem("allow", "must be a list of rules {apiGroups, resources, verbs}");
        }
      }
    } else if (raw != null) {
      p.problem("allow", "must be a list of rules {apiGroups, resources, verbs}");
    }
    return ctx -> {
      Identity.Subject s = who.subject(ctx::namespace);
      String ns = ctx.namespace(logicalNs);
      List<Rbac.Grant> grants;
      try {
        grants = grants(ctx, s, logicalNs, ns);
      } catch (Unreadable e) {
        return Outcome.skip(e.getMessage());
      }
      Set<String> extra = new LinkedHashSet<>();
      for (Rbac.Grant g : grants) {
        for (String beyond : Rbac.beyond(g.rule(), allowed)) extra.add(beyond + " (" + g.source() + ")");
      }
      Set<String> missing = new LinkedHashSet<>();
      if (require) {
        List<Rbac.Rule> granted = grants.stream().map(Rbac.Grant::rule).toList();
        for (Rbac.Rule a : allowed) missing.addAll(Rbac.missing(a, granted));
      }
      String within = "in namespace '" + ns + "'";
      if (extra.isEmpty() && missing.isEmpty()) {
        return Outcome.pass(s.describe() + " has exactly the rights the task allows " + within);
      }
      List<String> parts = new ArrayList<>();
      if (!extra.isEmpty()) parts.add(s.describe() + " may also " + String.join("; ", extra) + ": more than the task allows");
      if (!missing.isEmpty()) {
        parts.add((extra.isEmpty() ? s.describe() + " " : "and ") + "may not yet " + String.join("; ", missing)
            + (grants.isEmpty() ? " (no Role or ClusterRole is bound to it " + within + ")" : ""));
      }
      return Outcome.fail(String.join(", ", parts) + " " + within);
    };
  }

  /** Every rule bound to the subject in the namespace: RoleBindings there, and ClusterRoleBindings. */
  private static List<Rbac.Grant> grants(CheckContext ctx, Identity.Subject s, String logicalNs, String ns) {
    List<Rbac.Grant> out = new ArrayList<>();
    for (GenericKubernetesResource b : list(ctx, "RoleBinding", logicalNs)) {
      if (binds(ctx.asMap(b), s, ns)) out.addAll(rules(ctx, ctx.asMap(b), "RoleBinding " + b.getMetadata().getName(), logicalNs));
    }
    List<GenericKubernetesResource> clusterBindings;
    try {
      clusterBindings = list(ctx, "ClusterRoleBinding", null);
    } catch (Unreadable e) {
      clusterBindings = List.of(); // a class student cannot read them, nor create any
    }
    for (GenericKubernetesResource b : clusterBindings) {
      Map<String, String> labels = b.getMetadata().getLabels();
      if (labels != null && "rbac-defaults".equals(labels.get("kubernetes.io/bootstrapping"))) continue;
      if (binds(ctx.asMap(b), s, null)) out.addAll(rules(ctx, ctx.asMap(b), "ClusterRoleBinding " + b.getMetadata().getName(), logicalNs));
    }
    return out;
  }

  private static List<Rbac.Grant> rules(CheckContext ctx, Map<String, Object> binding, String via, String logicalNs) {
    Map<?, ?> ref = binding.get("roleRef") instanceof Map<?, ?> m ? m : Map.of();
    String kind = String.valueOf(ref.get("kind"));
    String name = String.valueOf(ref.get("name"));
    // read by name: an identity that may not list ClusterRoles (a class student) may read the ones it binds
    Optional<GenericKubernetesResource> role = named(ctx, kind, name, logicalNs);
    if (role.isEmpty()) return List.of(); // a binding to a missing role grants nothing (yet)
    List<Rbac.Grant> out = new ArrayList<>();
    String source = via + " → " + kind + " " + name;
    for (Rbac.Rule r : Rbac.rules(ctx.asMap(role.get()))) out.add(new Rbac.Grant(r, source));
    return out;
  }

  private static boolean binds(Map<String, Object> binding, Identity.Subject s, String bindingNs) {
    if (!(binding.get("subjects") instanceof List<?> subjects)) return false;
    for (Object o : subjects) {
      if (!(o instanceof Map<?, ?> subj)) continue;
      String kind = String.valueOf(subj.get("kind"));
      String name = String.valueOf(subj.get("name"));
      boolean match = switch (kind) {
        case "User" -> name.equals(s.user());
        case "Group" -> s.groups().contains(name);
        case "ServiceAccount" -> {
          Object n = subj.get("namespace");
          String saNs = n == null ? bindingNs : String.valueOf(n);
          yield ("system:serviceaccount:" + saNs + ":" + name).equals(s.user());
        }
        default -> false;
      };
      if (match) return true;
    }
    return false;
  }

  /** Objects of an RBAC kind: in the (logical) namespace, or cluster-wide for the cluster-scoped kinds. */
  private static List<GenericKubernetesResource> list(CheckContext ctx, String kind, String logicalNs) {
    try {
      return ctx.list(new ResourceRef("rbac.authorization.k8s.io/v1", kind, null, Map.of(), logicalNs));
    } catch (KubelabException e) {
      throw new Unreadable("cannot read " + kind + "s with this identity (" + e.getMessage() + "): the instructor's grading"
          + " reads them");
    }
  }

  private static Optional<GenericKubernetesResource> named(CheckContext ctx, String kind, String name, String logicalNs) {
    try {
      return ctx.get(new ResourceRef("rbac.authorization.k8s.io/v1", kind, name, Map.of(), logicalNs));
    } catch (KubelabException e) {
      throw new Unreadable("cannot read " + kind + " " + name + " with this identity (" + e.getMessage() + "): the instructor's"
          + " grading reads it");
    }
  }

  private static final class Unreadable extends RuntimeException {
    Unreadable(String message) {
      super(message, null, false, false);
    }
  }
}
