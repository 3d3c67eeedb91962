package dev.kubelab.labs.grade;

import dev.kubelab.labs.api.KubelabException;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * Turns fabric8's exceptions into sentences a learner can act on: one line of what happened, in
 * plain words, and one hint. The API server's own body (a Go struct diff for an immutable pod)
 * never reaches the user; the stack trace (with {@code --stacktrace}) keeps it.
 */
public final class Errors {
  private static final int BRIEF = 160;

  private Errors() {}

  /** Whether a translated error was the API server's 403: these credentials may not do it. */
  public static boolean forbidden(KubelabException e) {
    return e.getCause() instanceof KubernetesClientException k && k.getCode() == 403;
  }

  public static KubelabException translate(KubernetesClientException e, String doing) {
    int code = e.getCode();
    String reason = reason(e);
    if (code == 403 && brief(e).contains("because it is being terminated")) {
      return new KubelabException(KubelabException.ENVIRONMENT, "could not " + doing + ": its namespace is still being deleted",
          "wait until 'kubectl get namespaces' no longer lists it, then try again", e);
    }
    String full = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : String.valueOf(e.getMessage());
    if (code == 403 && full.contains("exceeded quota")) {
      return new KubelabException(KubelabException.ENVIRONMENT, "could not " + doing + ": the namespace's ResourceQuota does not allow it ("
          + full.substring(full.indexOf("exceeded quota")) + ")",
          "'kubectl describe resourcequota' shows what is used; free some up, or (in a class) ask your instructor, whose quota it is", e);
    }
    if (code == 403 && full.contains("denied request: ")) {
      String policy = full.contains("ValidatingAdmissionPolicy '") ? full.substring(full.indexOf("ValidatingAdmissionPolicy '") + 27) : "";
      policy = policy.contains("'") ? " " + policy.substring(0, policy.indexOf('\'')) : "";
      return new KubelabException(KubelabException.ENVIRONMENT, "could not " + doing + ": the cluster's admission policy" + policy
          + " refused it: " + full.substring(full.indexOf("denied request: ") + 16),
          "change what you apply so the policy admits it; the message says what it requires", e);
    }
    if (code == 403) {
      return new KubelabException(KubelabException.ENVIRONMENT, "the cluster refused to let kubelab " + doing
          + " (forbidden: your credentials lack the right)",
          "use credentials with that right (e.g. a cluster admin's kubeconfig), or a lab that fits your rights", e);
    }
    if (code == 401) {
      return new KubelabException(KubelabException.ENVIRONMENT, "the cluster did not accept kubelab's credentials while trying to " + doing,
          "check the kubeconfig (an expired token or certificate?)", e);
    }
    if (code == 404 && e.getMessage() != null && e.getMessage().contains("the server could not find the requested resource")) {
      return new KubelabException(KubelabException.ENVIRONMENT, "the cluster does not serve what is needed to " + doing,
          "is the add-on or CRD installed?", e);
    }
    if (code == 404) {
      return new KubelabException(KubelabException.ENVIRONMENT, "could not " + doing + ": " + object(e, "it") + " is not there"
          + " (deleted meanwhile, or its namespace is gone)", "check with 'kubectl get', then run the command again", e);
    }
    if (code == 409 && "AlreadyExists".equals(reason)) {
      return new KubelabException(KubelabException.ENVIRONMENT, "could not " + doing + ": " + object(e, "it") + " already exists",
          "delete it first, or use a fresh name; 'reset' puts a lab back as new", e);
    }
    if (code == 409) {
      return new KubelabException(KubelabException.ENVIRONMENT, "could not " + doing + ": " + object(e, "the object")
          + " was changed by someone else meanwhile", "run the command again", e);
    }
    if (code == 422 && immutable(e)) {
      return new KubelabException(KubelabException.USAGE, "could not " + doing + ": " + object(e, "the object")
          + " cannot be changed in place (" + brief(e) + ")", "delete it and create it again", e);
    }
    if (code == 422 || code == 400) {
      return new KubelabException(KubelabException.USAGE, "the cluster rejected the request to " + doing + " as invalid: " + brief(e),
          "correct the fields named; 'kubectl explain KIND.FIELD' describes them", e);
    }
    if (code == 0 || hasCause(e, IOException.class)) {
      return new KubelabException(KubelabException.ENVIRONMENT, "the cluster is not reachable (while trying to " + doing + ")",
          "is it still running ('docker ps' shows the k3s container)? Your progress is saved; start kubelab again to continue", e);
    }
    if (code == 429 || code >= 500) {
      return new KubelabException(KubelabException.ENVIRONMENT, "the cluster could not " + doing + " right now (it answered "
          + code + (reason == null ? "" : " " + reason) + ": " + brief(e) + ")",
          "wait a moment and try again; 'kubectl get --raw /readyz?verbose' shows the API server's health", e);
    }
    return new KubelabException(KubelabException.ENVIRONMENT, "the cluster answered " + code + (reason == null ? "" : " " + reason)
        + " while kubelab tried to " + doing + ": " + brief(e), "run it again with --stacktrace for the cluster's full answer", e);
  }

  /** Whether the server refused a change because the fields it touches cannot change on a live object. */
  public static boolean immutable(KubernetesClientException e) {
    if (e.getCode() != 422) return false;
    String all = full(e).toLowerCase(Locale.ROOT);
    return all.contains("immutable") || all.contains("may not change fields") || all.contains("are forbidden");
  }

  /**
   * The server's reason in one short line: the first line of its message, or of each cause's,
   * cut before any dump of the object, at most {@value #BRIEF} characters.
   */
  public static String brief(KubernetesClientException e) {
    Status s = e.getStatus();
    String text;
    List<StatusCause> causes = s == null || s.getDetails() == null ? null : s.getDetails().getCauses();
    if (causes != null && !causes.isEmpty()) {
      text = String.join("; ", causes.stream().map(c -> (c.getField() == null || c.getField().isBlank() ? "" : c.getField() + ": ")
          + firstLine(c.getMessage())).distinct().toList());
    } else if (s != null && s.getMessage() != null) {
      text = firstLine(s.getMessage());
    } else {
      text = firstLine(e.getMessage());
      int m = text.indexOf("Message: ");
      if (m >= 0) text = text.substring(m + "Message: ".length());
    }
    return text.length() <= BRIEF ? text : text.substring(0, BRIEF - 1).strip() + "…";
  }

  private static String firstLine(String s) {
    if (s == null) return "";
    String line = s.strip();
    int nl = line.indexOf('\n');
    if (nl >= 0) line = line.substring(0, nl).strip();
    int struct = line.indexOf("{"); // a Go struct dump follows: what it diffs is not for people
    if (struct > 40) line = line.substring(0, struct).strip();
    return line.endsWith(":") ? line.substring(0, line.length() - 1) : line;
  }

  private static String full(KubernetesClientException e) {
    Status s = e.getStatus();
    StringBuilder b = new StringBuilder(String.valueOf(e.getMessage()));
    if (s != null) {
      b.append(' ').append(s.getMessage());
      if (s.getDetails() != null && s.getDetails().getCauses() != null) {
        s.getDetails().getCauses().forEach(c -> b.append(' ').append(c.getMessage()));
      }
    }
    return b.toString();
  }

  private static String reason(KubernetesClientException e) {
    return e.getStatus() == null ? null : e.getStatus().getReason();
  }

  /** "Pod 'reader'" from the status details, or {@code otherwise}. */
  private static String object(KubernetesClientException e, String otherwise) {
    Status s = e.getStatus();
    if (s == null || s.getDetails() == null || s.getDetails().getName() == null) return otherwise;
    String kind = s.getDetails().getKind();
    return (kind == null ? "" : singular(kind) + " ") + "'" + s.getDetails().getName() + "'";
  }

  /** The server names the resource ("configmaps") where it has no kind at hand: the common ones as kinds. */
  private static final java.util.Map<String, String> KINDS = java.util.Map.ofEntries(
      java.util.Map.entry("configmaps", "ConfigMap"), java.util.Map.entry("secrets", "Secret"), java.util.Map.entry("pods", "Pod"),
      java.util.Map.entry("services", "Service"), java.util.Map.entry("namespaces", "Namespace"),
      java.util.Map.entry("deployments", "Deployment"), java.util.Map.entry("statefulsets", "StatefulSet"),
      java.util.Map.entry("daemonsets", "DaemonSet"), java.util.Map.entry("replicasets", "ReplicaSet"), java.util.Map.entry("jobs", "Job"),
      java.util.Map.entry("persistentvolumeclaims", "PersistentVolumeClaim"), java.util.Map.entry("persistentvolumes", "PersistentVolume"),
      java.util.Map.entry("storageclasses", "StorageClass"), java.util.Map.entry("networkpolicies", "NetworkPolicy"),
      java.util.Map.entry("ingresses", "Ingress"), java.util.Map.entry("serviceaccounts", "ServiceAccount"),
      java.util.Map.entry("roles", "Role"), java.util.Map.entry("rolebindings", "RoleBinding"),
      java.util.Map.entry("clusterroles", "ClusterRole"), java.util.Map.entry("clusterrolebindings", "ClusterRoleBinding"),
      java.util.Map.entry("resourcequotas", "ResourceQuota"), java.util.Map.entry("limitranges", "LimitRange"),
      java.util.Map.entry("poddisruptionbudgets", "PodDisruptionBudget"), java.util.Map.entry("nodes", "Node"));

  private static String singular(String kind) {
    if (KINDS.containsKey(kind)) return KINDS.get(kind);
    String k = kind.endsWith("ies") ? kind.substring(0, kind.length() - 3) + "y"
        : kind.endsWith("sses") ? kind.substring(0, kind.length() - 2)
        : kind.endsWith("s") ? kind.substring(0, kind.length() - 1) : kind;
    return k.isEmpty() ? kind : Character.toUpperCase(k.charAt(0)) + k.substring(1);
  }

  /** The innermost cause's message: what actually went wrong, without the wrapping layers. */
  public static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) c = c.getCause();
    return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
  }

  private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) return true;
    }
    return false;
  }
}
