package dev.kubelab.labs.classroom;

import dev.kubelab.labs.grade.Errors;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;

/**
 * Proves, by asking the API server (SubjectAccessReviews), that each student's ServiceAccount can
 * work in its own namespace and cannot read a neighbour's namespace, its Secrets, or kube-system's,
 * nor create namespaces. Nothing is assumed from the objects {@code class create} wrote.
 */
public final class Isolation {
  private final KubernetesClient client;

  public Isolation(KubernetesClient client) {
    this.client = client;
  }

  /** One question asked of the API server and its answer. */
  public record Probe(String student, String action, boolean expectAllowed, boolean allowed) {
    public boolean gap() {
      return expectAllowed != allowed;
    }

    public String describe() {
      return (expectAllowed ? "should be allowed to " : "must not be able to ") + action
          + (gap() ? (allowed ? ": ALLOWED" : ": denied") : "");
    }
  }

  /** Every probe of every student; a student's neighbour is the next one in the list. */
  public List<Probe> verify(List<ClassStudent> students) {
    List<Probe> out = new ArrayList<>();
    for (int i = 0; i < students.size(); i++) {
      ClassStudent s = students.get(i);
      String own = s.namespace();
      out.add(ask(s, "create", "apps", "deployments", own, true));
      out.add(ask(s, "create", "", "pods", own, true));
      out.add(ask(s, "get", "", "secrets", own, true));
      if (students.size() > 1) {
        String other = students.get((i + 1) % students.size()).namespace();
        out.add(ask(s, "list", "", "pods", other, false));
        out.add(ask(s, "get", "", "secrets", other, false));
      }
      out.add(ask(s, "list", "", "secrets", "kube-system", false));
      out.add(ask(s, "create", "", "namespaces", null, false));
    }
    return out;
  }

  private Probe ask(ClassStudent s, String verb, String group, String resource, String ns, boolean expect) {
    boolean allowed = allowed(client, s, verb, group, resource, ns, null);
    String action = verb + " " + (group.isEmpty() ? "" : group + "/") + resource + (ns == null ? " cluster-wide" : " in " + ns);
    return new Probe(s.id(), action, expect, allowed);
  }

  /** Whether the API server's authorizer lets the student's ServiceAccount do this (a SubjectAccessReview). */
  static boolean allowed(KubernetesClient client, ClassStudent s, String verb, String group, String resource, String ns, String name) {
    SubjectAccessReview review = new SubjectAccessReviewBuilder().withNewSpec().withUser(s.user()).withGroups(s.groups())
        .withNewResourceAttributes().withVerb(verb).withGroup(group).withResource(resource).withNamespace(ns).withName(name)
        .endResourceAttributes().endSpec().build();
    SubjectAccessReview answer;
    try {
      answer = client.authorization().v1().subjectAccessReview().create(review);
    } catch (KubernetesClientException e) {
      throw Errors.translate(e, "ask the API server what " + s.user() + " may do");
    }
    return answer != null && answer.getStatus() != null && Boolean.TRUE.equals(answer.getStatus().getAllowed());
  }
}
