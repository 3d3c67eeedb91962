package dev.kubelab.labs.classroom;

import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewStatusBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Scripts what fabric8's CRUD mock cannot answer for a classroom: TokenRequests and
 * SubjectAccessReviews (the mock has no authenticator and no authorizer).
 */
public final class MockClassroom {
  public static final String EXPIRES = "2026-03-08T10:00:00Z";
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private MockClassroom() {}

  /** The token the mock issues for a namespace's student ServiceAccount. */
  public static String token(String namespace) {
    return "token-" + namespace;
  }

  /** Answers TokenRequests for the {@code student} ServiceAccount of these namespaces. */
  public static void tokens(KubernetesMockServer server, String... namespaces) {
    for (String ns : namespaces) {
      TokenRequest answer = new TokenRequestBuilder().withNewStatus().withToken(token(ns)).withExpirationTimestamp(EXPIRES).endStatus().build();
      server.expect().post().withPath("/api/v1/namespaces/" + ns + "/serviceaccounts/student/token").andReturn(201, answer).always();
    }
  }

  /** Who may do what, as the API server's authorizer would answer. */
  @FunctionalInterface
  public interface Policy {
    boolean allowed(String user, String verb, String resource, String namespace);
  }

  /** What the RoleBindings of {@code class create} grant: a student's ServiceAccount may do anything in its own namespace only. */
  public static Policy rbac() {
    return (user, verb, resource, namespace) -> namespace != null
        && user.equals("system:serviceaccount:" + namespace + ":" + Naming.SERVICE_ACCOUNT);
  }

  /** Answers every SubjectAccessReview by the policy. */
  public static void reviews(KubernetesMockServer server, Policy policy) {
    server.expect().post().withPath("/apis/authorization.k8s.io/v1/subjectaccessreviews").andReply(201, request -> {
      SubjectAccessReview r = JSON.unmarshal(request.getUtf8Body(), SubjectAccessReview.class);
      var a = r.getSpec().getResourceAttributes();
      r.setStatus(new SubjectAccessReviewStatusBuilder()
          .withAllowed(policy.allowed(r.getSpec().getUser(), a.getVerb(), a.getResource(), a.getNamespace())).build());
      return r;
    }).always();
  }
}
