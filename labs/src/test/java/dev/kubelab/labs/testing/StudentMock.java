package dev.kubelab.labs.testing;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewStatusBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * fabric8's CRUD mock API server with RBAC as {@code class create} sets it up: a request with a
 * student's token ({@link #token}) may do anything in that student's namespace (but edit its
 * ResourceQuota or LimitRange), read that namespace itself, and nothing else: nodes, namespaces,
 * every cluster-scoped kind and every other namespace answer 403 Forbidden with the Status body a
 * real API server sends. SelfSubjectAccessReviews are answered by the same rules. Requests without
 * a student's token (the instructor's, the test's) are served as by the plain CRUD mock, expectations
 * included.
 */
public final class StudentMock implements AutoCloseable {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();
  private static final Set<String> DISCOVERY = Set.of("api", "apis", "version", "openapi", "healthz", "readyz", "livez");
  /** What the built-in ClusterRole {@code admin} may read but not change in its namespace. */
  private static final Set<String> READ_ONLY = Set.of("resourcequotas", "limitranges");

  private final KubernetesMockServer server;
  private final KubernetesClient admin;
  private final List<String> refused = new CopyOnWriteArrayList<>();

  private StudentMock() {
    Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
    server = new KubernetesMockServer(new Context(), new MockWebServer(), expectations,
        new Rbac(new KubernetesMixedDispatcher(expectations), refused), false);
    server.init();
    admin = server.createClient();
  }

  public static StudentMock start() {
    return new StudentMock();
  }

  /** The token the mock takes as the {@code student} ServiceAccount of a namespace (the one MockClassroom issues). */
  public static String token(String namespace) {
    return "token-" + namespace;
  }

  public static String user(String namespace) {
    return "system:serviceaccount:" + namespace + ":student";
  }

  public KubernetesMockServer server() {
    return server;
  }

  /** A client with every right (the instructor, or the test standing in for controllers). */
  public KubernetesClient admin() {
    return admin;
  }

  /** A client acting as the student of this namespace. */
  public KubernetesClient student(String namespace) {
    return new KubernetesClientBuilder().withConfig(new ConfigBuilder(admin.getConfiguration())
        .withOauthToken(token(namespace)).withNamespace(namespace).build()).build();
  }

  /** Every request refused so far, as "VERB PATH → message". */
  public List<String> refused() {
    return List.copyOf(refused);
  }

  @Override
  public void close() {
    admin.close();
    server.destroy();
  }

  /** What the API server's RBAC authorizer decides, and the Status it answers when it says no. */
  private static final class Rbac extends Dispatcher {
    private final Dispatcher crud;
    private final List<String> refused;

    Rbac(Dispatcher crud, List<String> refused) {
      this.crud = crud;
      this.refused = refused;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      String auth = request.getHeader("Authorization");
      String token = auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : "";
      if (!token.startsWith("token-")) return crud.dispatch(request);
      String own = token.substring("token-".length());
      Attributes a = Attributes.of(request);
      if (a.review()) return review(request, own);
      if (a.discovery() || allowed(own, a.verb(), a.resource(), a.namespace(), a.name())) return crud.dispatch(request);
      String message = a.resource() + (a.name() != null ? " \"" + a.name() + "\"" : "") + " is forbidden: User \"" + user(own)
          + "\" cannot " + a.verb() + " resource \"" + a.resource() + "\" in API group \"" + a.group() + "\""
          + (a.namespace() == null ? " at the cluster scope" : " in the namespace \"" + a.namespace() + "\"");
      refused.add(request.getMethod() + " " + request.getPath() + " → " + message);
      return new MockResponse().setResponseCode(403).setHeader("Content-Type", "application/json").setBody(JSON.asJson(
          new StatusBuilder().withStatus("Failure").withMessage(message).withReason("Forbidden").withCode(403)
              .withNewDetails().withKind(a.resource()).withName(a.name()).endDetails().build()));
    }

    static boolean allowed(String own, String verb, String resource, String namespace, String name) {
      if ("namespaces".equals(resource)) return namespace == null && own.equals(name) && Set.of("get", "watch").contains(verb);
      if (namespace == null || !namespace.equals(own)) return false;
      return !READ_ONLY.contains(resource) || Set.of("get", "list", "watch").contains(verb);
    }

    private MockResponse review(RecordedRequest request, String own) {
      SelfSubjectAccessReview r = JSON.unmarshal(request.getUtf8Body(), SelfSubjectAccessReview.class);
      var a = r.getSpec().getResourceAttributes();
      boolean ok = a != null && allowed(own, a.getVerb(), a.getResource(), a.getNamespace(), a.getName());
      r.setStatus(new SubjectAccessReviewStatusBuilder().withAllowed(ok).build());
      return new MockResponse().setResponseCode(201).setHeader("Content-Type", "application/json").setBody(JSON.asJson(r));
    }
  }

  /** A request as the authorizer sees it: verb, API group, resource, namespace and name. */
  private record Attributes(String verb, String group, String resource, String namespace, String name, boolean discovery, boolean review) {
    static Attributes of(RecordedRequest request) {
      String full = request.getPath();
      int q = full.indexOf('?');
      String query = q < 0 ? "" : full.substring(q + 1);
      List<String> parts = new ArrayList<>(List.of(full.substring(0, q < 0 ? full.length() : q).replaceAll("^/+|/+$", "").split("/")));
      if (parts.isEmpty() || DISCOVERY.contains(parts.get(0)) && parts.size() <= (parts.get(0).equals("apis") ? 3 : 2)) {
        return new Attributes("get", "", "", null, null, true, false);
      }
      String group = "";
      if (parts.get(0).equals("api")) {
        parts = parts.subList(2, parts.size()); // api/v1
      } else if (parts.get(0).equals("apis")) {
        group = parts.get(1);
        parts = parts.subList(3, parts.size()); // apis/group/version
      } else {
        return new Attributes("get", "", "", null, null, true, false);
      }
      String namespace = null;
      if (parts.size() >= 2 && parts.get(0).equals("namespaces") && parts.size() > 2) {
        namespace = parts.get(1);
        parts = parts.subList(2, parts.size());
      }
      String resource = parts.get(0);
      String name = parts.size() > 1 ? parts.get(1) : null;
      if (parts.size() > 2) resource = resource + "/" + parts.get(2);
      boolean review = group.equals("authorization.k8s.io") && resource.equals("selfsubjectaccessreviews");
      String verb = switch (request.getMethod().toUpperCase()) {
        case "POST" -> "create";
        case "PUT" -> "update";
        case "PATCH" -> "patch";
        case "DELETE" -> name == null ? "deletecollection" : "delete";
        default -> query.contains("watch=true") ? "watch" : name == null ? "list" : "get";
      };
      return new Attributes(verb, group, resource.contains("/") ? resource.substring(0, resource.indexOf('/')) : resource,
          namespace, name, false, review);
    }
  }
}
