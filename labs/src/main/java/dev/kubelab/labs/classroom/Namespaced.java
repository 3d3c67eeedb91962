package dev.kubelab.labs.classroom;

import dev.kubelab.labs.api.Exercise;
import dev.kubelab.labs.api.Lab;
import dev.kubelab.labs.api.Placement;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Namespaced mode: a learner whose credentials work inside their own namespaces only (a classroom
 * student). Labs run in the student's namespace, and a lab with several namespaces in the further
 * ones {@code class create} made beside it; labs that need node access, add-ons, a particular
 * distribution or cluster-wide objects the class cannot guard cannot run.
 */
public final class Namespaced {
  private Namespaced() {}

  /**
   * Why the lab cannot run for a student of a class that this kubelab sets up ({@code class
   * create}: further namespaces and the guarded cluster-scoped kinds), or empty when it can. What a
   * particular student's class really provides is {@link #unavailable(Lab, ClassOffer)}.
   */
  public static Optional<String> unavailable(Lab lab) {
    return intrinsic(lab, ClassPolicy.KINDS.keySet());
  }

  /** Why the lab cannot run in a namespace whose class offers {@code offer}, or empty when it can. */
  public static Optional<String> unavailable(Lab lab, ClassOffer offer) {
    Optional<String> why = intrinsic(lab, offer.clusterKinds());
    if (why.isPresent()) return why;
    List<String> missing = offer.missingNamespaces(lab);
    if (missing.isEmpty()) return Optional.empty();
    if (offer.namespaces().isEmpty()) {
      return Optional.of("uses " + lab.namespaces().size() + " namespaces and yours provides one (a class set up by"
          + " 'class create' of this kubelab provides the others; ask your instructor to run it again)");
    }
    return Optional.of("uses the namespace(s) " + String.join(", ", missing) + ", which your class does not provide"
        + " (ask your instructor to run 'class create' again with this kubelab)");
  }

  /** Reasons that no class can change; {@code kinds}: the cluster-scoped kinds the class lets students create. */
  static Optional<String> intrinsic(Lab lab, Set<String> kinds) {
    if (lab.requires().distribution() != null) {
      return Optional.of("is about " + lab.requires().distribution() + "'s own parts; run it on your own k3s");
    }
    if (lab.requires().networkPolicy()) {
      Set<String> inside = new java.util.LinkedHashSet<>();
      for (Exercise e : lab.exercises()) {
        for (Flow f : blocked(lab, e)) if (f.from().equals(f.to())) inside.add(f.check());
      }
      if (!inside.isEmpty()) {
        return Optional.of("grades NetworkPolicies by traffic blocked inside one namespace (" + String.join(", ", inside) + "), and the"
            + " class's own isolation policy in your namespace allows all traffic inside it (policies add up, so a deny could never show)");
      }
    }
    if (lab.requires().nodeAccess()) return Optional.of("runs commands on the cluster's nodes; run it on your own k3s");
    if (!lab.requires().addons().isEmpty()) {
      return Optional.of("installs " + String.join(" and ", lab.requires().addons()) + " into the cluster; run it on your own k3s");
    }
    if (lab.requires().clusterScoped()) {
      List<String> kindsNeeded = lab.requires().clusterKinds();
      if (kindsNeeded.isEmpty()) return Optional.of(unguarded(lab));
      List<String> lacking = kindsNeeded.stream().filter(k -> !kinds.contains(k)).toList();
      if (!lacking.isEmpty()) {
        return Optional.of("creates cluster-wide " + String.join(" and ", lacking) + " objects, which your class does not let"
            + " students create (it needs a cluster with ValidatingAdmissionPolicy, Kubernetes 1.30 or newer, and"
            + " 'class create' of this kubelab)");
      }
    }
    return Optional.empty();
  }

  /** A traffic check's flow between two of the lab's logical namespaces; {@code to} null for a host outside them. */
  record Flow(String check, String from, String to) {}

  /**
   * Why an exercise of a lab a class can run cannot be graded in a class, for its traffic: it
   * proves a block between two of the student's namespaces that no reachable check of the exercise
   * pairs with. A class's isolation admits no traffic between a student's namespaces, so such a
   * block holds whatever the student does; paired with a flow that must get through, it shows
   * that their policy lets exactly that through.
   */
  public static Optional<String> unprovable(Lab lab, Exercise exercise) {
    Set<List<String>> open = new java.util.HashSet<>();
    for (Flow f : flows(lab, exercise, "reachable")) open.add(java.util.Arrays.asList(f.from(), f.to()));
    for (Flow f : blocked(lab, exercise)) {
      if (f.to() == null || f.from().equals(f.to()) || open.contains(java.util.Arrays.asList(f.from(), f.to()))) continue;
      return Optional.of("proves a block from your namespace for '" + f.from() + "' to the one for '" + f.to() + "' (check " + f.check()
          + "), which your class's isolation already makes, so it could not tell your policy from none");
    }
    return Optional.empty();
  }

  private static List<Flow> blocked(Lab lab, Exercise exercise) {
    return flows(lab, exercise, "unreachable");
  }

  private static List<Flow> flows(Lab lab, Exercise exercise, String kind) {
    String main = lab.namespaces().get(0);
    List<Flow> out = new java.util.ArrayList<>();
    for (dev.kubelab.labs.api.CheckSpec c : exercise.checks()) {
      if (!c.kind().equals(kind)) continue;
      Map<?, ?> from = c.fields().get("from") instanceof Map<?, ?> m ? m : Map.of();
      Map<?, ?> to = c.fields().get("to") instanceof Map<?, ?> m ? m : Map.of();
      String fromNs = from.get("namespace") == null ? main : String.valueOf(from.get("namespace"));
      String toNs = to.containsKey("host") ? null : to.get("namespace") == null ? main : String.valueOf(to.get("namespace"));
      out.add(new Flow(c.id(), fromNs, toNs));
    }
    return out;
  }

  /**
   * Why the cluster-wide objects a lab makes cannot be handed to a class, for the kinds whose
   * reason is known: its cleanup list names them, and an operator the lab runs installs a
   * CustomResourceDefinition.
   */
  private static String unguarded(Lab lab) {
    Set<String> kinds = new java.util.LinkedHashSet<>();
    for (String c : lab.cleanup()) kinds.add(dev.kubelab.labs.check.ResourceRef.parse(c.replaceAll("\\$\\{[^}]*}", "x")).kind());
    if (!lab.requires().operators().isEmpty()) kinds.add("CustomResourceDefinition");
    if (kinds.contains("ValidatingAdmissionPolicy") || kinds.contains("ValidatingAdmissionPolicyBinding")) {
      return "creates ValidatingAdmissionPolicies, and the API server exempts those from admission itself, so no class policy"
          + " could keep a student's policy to their own namespaces (one could stop every Deployment of the cluster)";
    }
    if (kinds.contains("CustomResourceDefinition")) {
      return "creates CustomResourceDefinitions: a new API for the whole cluster, whose short names and categories every"
          + " student's kubectl shares, so one student's short name could not mean their own resource for all of them";
    }
    return "creates cluster-wide objects that a class cannot hand to students safely";
  }

  /** Where a lab runs for a student whose namespace is {@code main}: there, and further namespaces beside it. */
  public static Placement placement(Lab lab, String main) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < lab.namespaces().size(); i++) {
      String logical = lab.namespaces().get(i);
      m.put(logical, i == 0 ? main : Naming.extraNamespace(main, logical));
    }
    return new Placement(m);
  }

  /** The namespace of a kubeconfig's context (the current one when {@code context} is null), if it sets one. */
  public static Optional<ContextNamespace> contextNamespace(Path kubeconfig, String context) {
    if (kubeconfig == null || !Files.isRegularFile(kubeconfig)) return Optional.empty();
    try {
      var config = KubeConfigUtils.parseConfig(kubeconfig.toFile());
      String name = context != null ? context : config.getCurrentContext();
      if (name == null || config.getContexts() == null) return Optional.empty();
      return config.getContexts().stream().filter(c -> name.equals(c.getName())).findFirst()
          .map(NamedContext::getContext).filter(c -> c.getNamespace() != null && !c.getNamespace().isBlank())
          .map(c -> new ContextNamespace(name, c.getNamespace()));
    } catch (RuntimeException e) {
      return Optional.empty(); // an unreadable kubeconfig is reported when the cluster is opened
    }
  }

  /** @param classContext whether the context is one {@code class create} wrote */
  public record ContextNamespace(String context, String namespace) {
    public boolean classContext() {
      return context.startsWith(Naming.CONTEXT_PREFIX);
    }
  }

  /** Whether these credentials may create namespaces (a SelfSubjectAccessReview); a server that cannot say counts as yes. */
  public static boolean canCreateNamespaces(KubernetesClient client) {
    try {
      SelfSubjectAccessReview review = client.authorization().v1().selfSubjectAccessReview().create(
          new SelfSubjectAccessReviewBuilder().withNewSpec().withNewResourceAttributes()
              .withVerb("create").withResource("namespaces").endResourceAttributes().endSpec().build());
      return review == null || review.getStatus() == null || Boolean.TRUE.equals(review.getStatus().getAllowed());
    } catch (KubernetesClientException e) {
      return true;
    }
  }
}
