package dev.kubelab.labs.check.kinds;

import dev.kubelab.labs.api.Identity;
import dev.kubelab.labs.check.Check;
import dev.kubelab.labs.check.CheckKind;
import dev.kubelab.labs.check.Outcome;
import dev.kubelab.labs.check.Params;
import dev.kubelab.labs.grade.Errors;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Asks the API server whether someone may do something (a SubjectAccessReview), expecting
 * allowed or denied. RBAC is graded by the authorizer itself, never re-implemented here.
 */
public final class CanI implements CheckKind {
  @Override
  public String name() {
    return "can-i";
  }

  @Override
  public boolean needsRealCluster() {
    return true;
  }

  @Override
  public Check create(Params p) {
    Identity who = p.identity("as");
    String verb = p.string("verb");
    String resourceText = p.string("resource");
    String resource = resourceText.contains("/") ? resourceText.substring(0, resourceText.indexOf('/')) : resourceText;
    String subresource = resourceText.contains("/") ? resourceText.substring(resourceText.indexOf('/') + 1) : null;
    String apiGroup = p.optString("apiGroup", "");
    String name = p.optString("name", null);
    String logicalNs = p.optString("namespace", null);
    boolean cluster = p.bool("cluster", false);
    String expect = p.string("expect");
    if (!expect.equals("allowed") && !expect.equals("denied")) p.problem("expect", "must be allowed or denied, found '" + expect + "'");
    boolean wantAllowed = expect.equals("allowed");
    return ctx -> {
      if (!ctx.realCluster()) return Outcome.skip("needs a real cluster: the API server decides who may do what");
      Identity.Subject s = who.subject(ctx::namespace);
      String ns = cluster ? null : ctx.namespace(logicalNs);
      SubjectAccessReview review = new SubjectAccessReviewBuilder().withNewSpec().withUser(s.user()).withGroups(s.groups())
          .withNewResourceAttributes().withVerb(verb).withGroup(apiGroup).withResource(resource).withSubresource(subresource)
          .withName(name).withNamespace(ns).endResourceAttributes().endSpec().build();
      SubjectAccessReview answer;
      try {
        if (ns == null) {
          answer = ctx.client().authorization().v1().subjectAccessReview().create(review);
        } else {
          // asked in the namespace (a LocalSubjectAccessReview): what a class student, who may not ask cluster-wide, can ask too
          var local = ctx.client().authorization().v1().localSubjectAccessReview().inNamespace(ns).create(
              new io.fabric8.kubernetes.api.model.authorization.v1.LocalSubjectAccessReviewBuilder().withNewMetadata().withNamespace(ns)
                  .endMetadata().withSpec(review.getSpec()).build());
          answer = new SubjectAccessReview(review.getApiVersion(), review.getKind(), local.getMetadata(), local.getSpec(), local.getStatus());
        }
      } catch (KubernetesClientException e) {
        if (ns == null && e.getCode() == 403) {
          Outcome settled = cannotGrantClusterWide(ctx.client(), s, wantAllowed, verb, apiGroup, resourceText);
          if (settled != null) return settled;
        }
        throw Errors.translate(e, "ask the API server what " + s.describe() + " may do");
      }
      boolean allowed = answer.getStatus() != null && Boolean.TRUE.equals(answer.getStatus().getAllowed());
      String action = verb + " " + (apiGroup.isEmpty() ? "" : apiGroup + "/") + resourceText + (name == null ? "" : " '" + name + "'")
          + (ns == null ? " cluster-wide" : " in namespace '" + ns + "'");
      String reason = answer.getStatus() == null || answer.getStatus().getReason() == null || answer.getStatus().getReason().isBlank()
          ? "" : " (" + answer.getStatus().getReason() + ")";
      if (allowed == wantAllowed) return Outcome.pass(s.describe() + (allowed ? " may " : " may not ") + action);
      return Outcome.fail(wantAllowed
          ? "expected " + s.describe() + " to be allowed to " + action + ", but the API server says no: a permission is missing"
          : "expected " + s.describe() + " NOT to be allowed to " + action + ", but the API server allows it" + reason
              + ": that is more than this task needs");
    };
  }

  /**
   * A cluster-wide question that this identity may not ask (a class student may ask only in their
   * namespaces), settled where it can be: a cluster-wide right comes only from a
   * ClusterRoleBinding, so if this identity can create none, nothing it did granted one, and "not
   * allowed cluster-wide" holds by construction; "allowed" it could never bring about. Null when
   * the identity can create ClusterRoleBindings after all.
   */
  private static Outcome cannotGrantClusterWide(KubernetesClient client, Identity.Subject s, boolean wantAllowed, String verb,
      String apiGroup, String resource) {
    SelfSubjectAccessReview self;
    try {
      self = client.authorization().v1().selfSubjectAccessReview().create(new SelfSubjectAccessReviewBuilder().withNewSpec()
          .withNewResourceAttributes().withVerb("create").withGroup("rbac.authorization.k8s.io").withResource("clusterrolebindings")
          .endResourceAttributes().endSpec().build());
    } catch (KubernetesClientException e) {
      return null;
    }
    if (self.getStatus() == null || Boolean.TRUE.equals(self.getStatus().getAllowed())) return null;
    String action = verb + " " + (apiGroup.isEmpty() ? "" : apiGroup + "/") + resource + " cluster-wide";
    if (!wantAllowed) {
      return Outcome.pass(s.describe() + " may not " + action + " through anything you made: only a ClusterRoleBinding grants"
          + " cluster-wide rights, and your credentials cannot create one");
    }
    return Outcome.skip("cannot be graded with your credentials: it asks whether " + s.describe() + " may " + action
        + ", which only a ClusterRoleBinding grants, and you may neither create one nor ask the cluster-wide question");
  }
}
