package dev.kubelab.labs.testing;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
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
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * fabric8's CRUD mock API server with the API server's authorization and admission as a class
 * sees them. A request with a student's token ({@link #token}), or the instructor's impersonating a
 * ServiceAccount, is authorized by the RBAC objects stored in the mock, as the RBAC authorizer
 * would (the built-in ClusterRole {@code admin}, which the mock does not store, as everything in
 * the binding's namespace but writing its ResourceQuotas and LimitRanges); then, for a change, by
 * every bound ValidatingAdmissionPolicy stored in the mock, evaluated with CEL. Refusals answer 403
 * Forbidden with the Status body a real API server sends; {@code dryRun=All} changes pass both and
 * are not stored. SelfSubjectAccessReviews and LocalSubjectAccessReviews are answered by the same
 * rules. Requests without a student's identity (the instructor's, the test's) are served as by the
 * plain CRUD mock, expectations included.
 */
public final class StudentMock implements AutoCloseable {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();
  private static final Set<String> DISCOVERY = Set.of("api", "apis", "version", "openapi", "healthz", "readyz", "livez");
  /** What the built-in ClusterRole {@code admin} may read but not change in its namespace. */
  private static final Set<String> READ_ONLY = Set.of("resourcequotas", "limitranges");
  /** Built-in ClusterRoles the mock does not store: three lie within {@code admin}, and cluster-admin. */
  private static final Set<String> BUILT_IN = Set.of("admin", "edit", "view", "cluster-admin");

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

  /** What the API server's RBAC authorizer and admission decide, and the Status it answers when they say no. */
  private static final class Rbac extends Dispatcher {
    private final Dispatcher crud;
    private final List<String> refused;

    Rbac(Dispatcher crud, List<String> refused) {
      this.crud = crud;
      this.refused = refused;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      String path = request.getPath();
      if (path.startsWith("/apis/admissionregistration.k8s.io/v1") && path.replaceAll("\\?.*", "").equals("/apis/admissionregistration.k8s.io/v1")) {
        return json(200, ADMISSION_DISCOVERY);
      }
      String user = user(request);
      Attributes a = Attributes.of(request);
      // access reviews are answered by the authorizer below; only asking about someone else needs a right to
      if (a.review() && (user == null || !a.resource().equals("subjectaccessreviews"))) return review(request, user);
      if (user == null || a.discovery()) return crud.dispatch(request);
      if (!allowed(user, a.verb(), a.group(), a.resource(), a.namespace(), a.name())) {
        String message = a.resource() + (a.name() != null ? " \"" + a.name() + "\"" : "") + " is forbidden: User \"" + user
            + "\" cannot " + a.verb() + " resource \"" + a.resource() + "\" in API group \"" + a.group() + "\""
            + (a.namespace() == null ? " at the cluster scope" : " in the namespace \"" + a.namespace() + "\"");
        return forbidden(request, a, message);
      }
      if (Set.of("create", "update", "patch", "delete").contains(a.verb())) {
        Map<String, Object> old = a.verb().equals("create") ? null : stored(request.getPath());
        Map<String, Object> object = switch (a.verb()) {
          case "create", "update" -> body(request);
          case "patch" -> Patches.apply(old, request.getHeader("Content-Type"), text(request));
          default -> null;
        };
        String operation = switch (a.verb()) {
          case "create" -> "CREATE";
          case "delete" -> "DELETE";
          default -> old == null ? "CREATE" : "UPDATE"; // an apply that creates is admitted as a create
        };
        Optional<String> escalation = escalation(user, a, object);
        if (escalation.isPresent()) {
          return forbidden(request, a, a.resource() + ".rbac.authorization.k8s.io \"" + (a.name() != null ? a.name() : nameOf(object))
              + "\" is forbidden: " + escalation.get());
        }
        for (ValidatingAdmissionPolicy policy : boundPolicies()) {
          var deny = AdmissionPolicies.deny(policy, new AdmissionPolicies.Request(user, operation, a.group(), a.resource(),
              a.namespace(), a.name(), object, old));
          if (deny.isPresent()) {
            return forbidden(request, a, a.resource() + " \"" + (a.name() != null ? a.name() : nameOf(object)) + "\" is forbidden:"
                + " ValidatingAdmissionPolicy '" + policy.getMetadata().getName() + "' with binding '" + policy.getMetadata().getName()
                + "' denied request: " + deny.get());
          }
        }
        Optional<String> quota = quota(a, object);
        if (quota.isPresent()) return forbidden(request, a, a.resource() + " \"" + nameOf(object) + "\" is forbidden: " + quota.get());
        if (request.getPath().contains("dryRun=All")) {
          return json(a.verb().equals("create") ? 201 : 200, JSON.asJson(object != null ? object : old));
        }
      }
      return crud.dispatch(request);
    }

    /**
     * The ResourceQuota admission the class relies on, for what it counts that a student could
     * meet in a lab: a Service of type NodePort or LoadBalancer takes a node port (and a load
     * balancer) that a quota of 0 refuses.
     */
    private Optional<String> quota(Attributes a, Map<String, Object> object) {
      if (!a.resource().equals("services") || object == null || a.namespace() == null || a.verb().equals("delete")) return Optional.empty();
      Object spec = object.get("spec");
      String type = spec instanceof Map<?, ?> m && m.get("type") != null ? String.valueOf(m.get("type")) : "ClusterIP";
      if (!type.equals("NodePort") && !type.equals("LoadBalancer")) return Optional.empty();
      for (Map<String, Object> q : items("/api/v1/namespaces/" + a.namespace() + "/resourcequotas")) {
        Map<?, ?> hard = (Map<?, ?>) ((Map<?, ?>) q.getOrDefault("spec", Map.of())).get("hard");
        if (hard == null) continue;
        String limited = type.equals("LoadBalancer") && "0".equals(String.valueOf(hard.get("services.loadbalancers")))
            ? "services.loadbalancers" : "0".equals(String.valueOf(hard.get("services.nodeports"))) ? "services.nodeports" : null;
        if (limited != null) {
          return Optional.of("exceeded quota: " + ((Map<?, ?>) q.get("metadata")).get("name") + ", requested: " + limited + "=1, used: "
              + limited + "=0, limited: " + limited + "=0");
        }
      }
      return Optional.empty();
    }

    /**
     * RBAC's escalation prevention: a Role or ClusterRole may only be written by someone who holds
     * every right it grants, at its scope (a ClusterRole: cluster-wide), or has {@code escalate};
     * a binding only by someone who holds every right of the role it refers to, in the binding's
     * namespace, or has {@code bind} on that role. {@code escalate} is asked without a name, as
     * the API server asks it for a create.
     */
    private Optional<String> escalation(String user, Attributes a, Map<String, Object> object) {
      if (object == null || !a.group().equals("rbac.authorization.k8s.io") || a.verb().equals("delete")) return Optional.empty();
      List<?> rules;
      switch (a.resource()) {
        case "roles", "clusterroles" -> {
          if (allowed(user, "escalate", a.group(), a.resource(), a.namespace(), a.name())) return Optional.empty();
          rules = object.get("rules") instanceof List<?> l ? l : List.of();
        }
        case "rolebindings", "clusterrolebindings" -> {
          Map<?, ?> ref = object.get("roleRef") instanceof Map<?, ?> m ? m : Map.of();
          String refResource = "ClusterRole".equals(ref.get("kind")) ? "clusterroles" : "roles";
          if (allowed(user, "bind", "rbac.authorization.k8s.io", refResource, a.namespace(), String.valueOf(ref.get("name")))) {
            return Optional.empty();
          }
          Map<String, Object> role = role(ref, a.namespace());
          if (role == null && "clusterroles".equals(refResource) && BUILT_IN.contains(String.valueOf(ref.get("name")))) {
            // the built-in roles the mock does not store: edit and view lie within admin, which a student holds at home;
            // cluster-admin is held by no student
            boolean held = a.namespace() != null && !"cluster-admin".equals(ref.get("name"))
                && allowed(user, "update", "", "secrets", a.namespace(), null);
            return held ? Optional.empty()
                : Optional.of("user \"" + user + "\" is attempting to grant RBAC permissions not currently held: ClusterRole " + ref.get("name"));
          }
          if (role == null) return Optional.of(ref.get("kind") + " \"" + ref.get("name") + "\" not found");
          rules = role.get("rules") instanceof List<?> l ? l : List.of();
        }
        default -> {
          return Optional.empty();
        }
      }
      for (Object o : rules) {
        Map<?, ?> r = (Map<?, ?>) o;
        boolean held = r.get("nonResourceURLs") == null || ((List<?>) r.get("nonResourceURLs")).isEmpty();
        List<?> groups = r.get("apiGroups") instanceof List<?> g && !g.isEmpty() ? g : List.of("");
        List<?> names = r.get("resourceNames") instanceof List<?> n && !n.isEmpty() ? n : java.util.Collections.singletonList(null);
        for (Object g : groups) {
          for (Object res : r.get("resources") instanceof List<?> l ? l : List.of()) {
            for (Object v : r.get("verbs") instanceof List<?> l ? l : List.of()) {
              for (Object n : names) {
                held &= allowed(user, String.valueOf(v), String.valueOf(g), String.valueOf(res), a.namespace(), (String) n);
              }
            }
          }
        }
        if (!held) return Optional.of("user \"" + user + "\" (groups=[\"system:serviceaccounts\"]) is attempting to grant RBAC"
            + " permissions not currently held:\n" + r);
      }
      return Optional.empty();
    }

    /** Who the request is: a student's token, or the instructor impersonating someone; null for the unrestricted. */
    private static String user(RecordedRequest request) {
      String auth = request.getHeader("Authorization");
      String token = auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : "";
      if (token.startsWith("token-")) return StudentMock.user(token.substring("token-".length()));
      String impersonated = request.getHeader("Impersonate-User");
      return impersonated == null || impersonated.isBlank() ? null : impersonated;
    }

    private MockResponse forbidden(RecordedRequest request, Attributes a, String message) {
      refused.add(request.getMethod() + " " + request.getPath() + " → " + message);
      return json(403, JSON.asJson(new StatusBuilder().withStatus("Failure").withMessage(message).withReason("Forbidden").withCode(403)
          .withNewDetails().withKind(a.resource()).withName(a.name()).endDetails().build()));
    }

    private static MockResponse json(int code, String body) {
      return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(body);
    }

    /** The RBAC authorizer over the bindings stored in the mock. */
    boolean allowed(String user, String verb, String group, String resource, String namespace, String name) {
      String[] parts = user.split(":");
      if (parts.length != 4 || !parts[0].equals("system") || !parts[1].equals("serviceaccount")) return false;
      String saNamespace = parts[2];
      String sa = parts[3];
      // a namespace is authorized as if it lay in itself
      String scope = resource.equals("namespaces") && name != null ? name : namespace;
      List<Map<String, Object>> bindings = new ArrayList<>();
      if (scope != null) bindings.addAll(items("/apis/rbac.authorization.k8s.io/v1/namespaces/" + scope + "/rolebindings"));
      List<Map<String, Object>> clusterBindings = items("/apis/rbac.authorization.k8s.io/v1/clusterrolebindings");
      for (Map<String, Object> b : bindings) {
        if (!subjectOf(b, saNamespace, sa)) continue;
        Map<?, ?> ref = (Map<?, ?>) b.get("roleRef");
        if ("ClusterRole".equals(ref.get("kind")) && "admin".equals(ref.get("name"))) {
          if (resource.equals("namespaces")) {
            if (Set.of("get", "list", "watch").contains(verb)) return true;
            continue;
          }
          // admin holds no wildcard, nor RBAC's escalate and bind
          if (Set.of("escalate", "bind", "*").contains(verb) || resource.equals("*") || group.equals("*")) continue;
          if (!READ_ONLY.contains(resource) || Set.of("get", "list", "watch").contains(verb)) return true;
          continue;
        }
        if (rulesAllow(role(ref, scope), verb, group, resource, name)) return true;
      }
      for (Map<String, Object> b : clusterBindings) {
        if (!subjectOf(b, saNamespace, sa)) continue;
        if (rulesAllow(role((Map<?, ?>) b.get("roleRef"), null), verb, group, resource, name)) return true;
      }
      return false;
    }

    private Map<String, Object> role(Map<?, ?> ref, String namespace) {
      String path = "ClusterRole".equals(ref.get("kind")) ? "/apis/rbac.authorization.k8s.io/v1/clusterroles/" + ref.get("name")
          : "/apis/rbac.authorization.k8s.io/v1/namespaces/" + namespace + "/roles/" + ref.get("name");
      return stored(path);
    }

    private static boolean subjectOf(Map<String, Object> binding, String saNamespace, String sa) {
      List<?> subjects = (List<?>) binding.get("subjects");
      if (subjects == null) return false;
      return subjects.stream().map(Map.class::cast).anyMatch(s -> "ServiceAccount".equals(s.get("kind")) && sa.equals(s.get("name"))
          && saNamespace.equals(s.get("namespace")));
    }

    private static boolean rulesAllow(Map<String, Object> role, String verb, String group, String resource, String name) {
      if (role == null || role.get("rules") == null) return false;
      for (Object o : (List<?>) role.get("rules")) {
        Map<?, ?> r = (Map<?, ?>) o;
        if (!has(r.get("apiGroups"), group) || !has(r.get("resources"), resource) || !has(r.get("verbs"), verb)) continue;
        List<?> names = (List<?>) r.get("resourceNames");
        // create is never limited by name: the authorizer does not know the name yet
        if (names == null || names.isEmpty()) return true;
        if (name != null && !verb.equals("create") && names.contains(name)) return true;
      }
      return false;
    }

    private static boolean has(Object list, String value) {
      return list instanceof List<?> l && (l.contains("*") || l.contains(value));
    }

    /** Policies with a binding, as the API server applies them. */
    private List<ValidatingAdmissionPolicy> boundPolicies() {
      Set<String> bound = new java.util.HashSet<>();
      for (Map<String, Object> b : items("/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicybindings")) {
        bound.add(String.valueOf(((Map<?, ?>) b.get("spec")).get("policyName")));
      }
      List<ValidatingAdmissionPolicy> out = new ArrayList<>();
      for (Map<String, Object> p : items("/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies")) {
        if (bound.contains(String.valueOf(((Map<?, ?>) p.get("metadata")).get("name")))) {
          out.add(JSON.convertValue(p, ValidatingAdmissionPolicy.class));
        }
      }
      return out;
    }

    private Map<String, Object> stored(String path) {
      MockResponse r = crud.dispatch(new RecordedRequest("HTTP/1.1", HttpMethod.GET, path.replaceAll("\\?.*", ""),
          new Headers.Builder().build(), new Buffer()));
      if (r.code() != 200) return null;
      return JSON.unmarshal(new String(r.getBody().getBytes(), java.nio.charset.StandardCharsets.UTF_8), Map.class);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> items(String path) {
      Map<String, Object> list = stored(path);
      return list == null || list.get("items") == null ? List.of() : (List<Map<String, Object>>) list.get("items");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> body(RecordedRequest request) {
      return JSON.unmarshal(text(request), Map.class);
    }

    /** The body, read without consuming it: the CRUD mock reads it again. */
    private static String text(RecordedRequest request) {
      return new String(request.getBody().getBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String nameOf(Map<String, Object> object) {
      return object == null ? "" : String.valueOf(((Map<?, ?>) object.get("metadata")).get("name"));
    }

    private MockResponse review(RecordedRequest request, String user) {
      Map<String, Object> r = body(request);
      Map<?, ?> spec = (Map<?, ?>) r.get("spec");
      Map<?, ?> a = spec == null ? null : (Map<?, ?>) spec.get("resourceAttributes");
      String who = user;
      if (!request.getPath().contains("selfsubjectaccessreviews") && spec != null && spec.get("user") != null) {
        who = String.valueOf(spec.get("user")); // a LocalSubjectAccessReview asks about someone, in its namespace
      }
      // the unrestricted identity (instructor, test) may do anything
      boolean ok = a != null && (who == null || allowed(who, String.valueOf(a.get("verb")), a.get("group") == null ? "" : String.valueOf(a.get("group")),
          String.valueOf(a.get("resource")), (String) a.get("namespace"), (String) a.get("name")));
      r.put("status", Map.of("allowed", ok));
      return json(201, JSON.asJson(r));
    }
  }

  private static final String ADMISSION_DISCOVERY = "{\"kind\":\"APIResourceList\",\"apiVersion\":\"v1\",\"groupVersion\":"
      + "\"admissionregistration.k8s.io/v1\",\"resources\":[{\"name\":\"validatingadmissionpolicies\",\"singularName\":"
      + "\"validatingadmissionpolicy\",\"namespaced\":false,\"kind\":\"ValidatingAdmissionPolicy\",\"verbs\":[\"create\",\"delete\","
      + "\"get\",\"list\",\"patch\",\"update\",\"watch\"]},{\"name\":\"validatingadmissionpolicybindings\",\"singularName\":"
      + "\"validatingadmissionpolicybinding\",\"namespaced\":false,\"kind\":\"ValidatingAdmissionPolicyBinding\",\"verbs\":"
      + "[\"create\",\"delete\",\"get\",\"list\",\"patch\",\"update\",\"watch\"]}]}";

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
      boolean review = group.equals("authorization.k8s.io")
          && Set.of("selfsubjectaccessreviews", "localsubjectaccessreviews", "subjectaccessreviews").contains(resource);
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
