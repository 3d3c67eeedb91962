package dev.kubelab.labs.api;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Someone a lab's RBAC tasks are about: a user with groups, or a ServiceAccount. Kubernetes keeps
 * no user directory; these are the names the API server would see from a certificate, an OIDC
 * token or a ServiceAccount token.
 *
 * @param serviceAccount "name" (in the lab's first namespace) or "namespace/name", where a lab's
 *                       logical namespace name is resolved to the actual one
 */
public record Identity(String user, List<String> groups, String serviceAccount) implements java.io.Serializable {

  /** A user name for identities given by groups only: impersonation and reviews need one. */
  public static final String ANONYMOUS_MEMBER = "kubelab-learner";

  /** The user and groups the API server would authenticate, namespaces resolved by {@code namespace}. */
  public Subject subject(UnaryOperator<String> namespace) {
    if (serviceAccount != null) {
      int slash = serviceAccount.indexOf('/');
      String ns = namespace.apply(slash < 0 ? null : serviceAccount.substring(0, slash));
      String name = serviceAccount.substring(slash + 1);
      return new Subject("system:serviceaccount:" + ns + ":" + name,
          List.of("system:serviceaccounts", "system:serviceaccounts:" + ns, "system:authenticated"),
          "ServiceAccount " + ns + "/" + name);
    }
    List<String> all = new ArrayList<>(groups);
    all.add("system:authenticated");
    String who = user != null ? "user " + user + (groups.isEmpty() ? "" : " (groups " + String.join(", ", groups) + ")")
        : "group " + String.join(", ", groups);
    return new Subject(user != null ? user : ANONYMOUS_MEMBER, List.copyOf(all), who);
  }

  /** What the API server sees, and how to say who it is. */
  public record Subject(String user, List<String> groups, String describe) {}
}
