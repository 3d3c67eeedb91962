package dev.kubelab.labs.classroom;

import dev.kubelab.labs.api.Lab;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Namespaced mode: a learner whose credentials work inside one namespace only (a classroom
 * student). Labs run in that namespace; labs that need more than one namespace, cluster-wide
 * rights or a particular distribution cannot.
 */
public final class Namespaced {
  private Namespaced() {}

  /** Why the lab cannot run in namespaced mode, or empty when it can. */
  public static Optional<String> unavailable(Lab lab) {
    if (lab.namespaces().size() > 1) {
      return Optional.of("uses " + lab.namespaces().size() + " namespaces; your class kubeconfig works in one");
    }
    if (lab.requires().clusterScoped()) return Optional.of("creates cluster-wide objects, which a class namespace may not");
    if (lab.requires().distribution() != null) {
      return Optional.of("is about " + lab.requires().distribution() + "'s own parts; run it on your own k3s");
    }
    if (lab.requires().networkPolicy()) {
      return Optional.of("grades NetworkPolicies by traffic, and the class's own isolation policy in your namespace allows"
          + " all traffic inside it (policies add up, so a deny could never show)");
    }
    if (lab.requires().nodeAccess()) return Optional.of("runs commands on the cluster's nodes; run it on your own k3s");
    if (!lab.requires().addons().isEmpty()) {
      return Optional.of("installs " + String.join(" and ", lab.requires().addons()) + " into the cluster; run it on your own k3s");
    }
    return Optional.empty();
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
