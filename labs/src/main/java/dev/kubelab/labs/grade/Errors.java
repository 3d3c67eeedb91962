package dev.kubelab.labs.grade;

import dev.kubelab.labs.api.KubelabException;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;

/** Turns fabric8's exceptions into sentences a learner can act on. */
public final class Errors {
  private Errors() {}

  public static KubelabException translate(KubernetesClientException e, String doing) {
    int code = e.getCode();
    if (code == 403) {
      return new KubelabException(KubelabException.ENVIRONMENT, "the cluster refused to let kubelab " + doing + " (forbidden)",
          "use credentials with rights on that namespace, or a lab that fits your rights", e);
    }
    if (code == 401) {
      return new KubelabException(KubelabException.ENVIRONMENT, "the cluster did not accept kubelab's credentials while trying to " + doing,
          "check the kubeconfig (an expired token or certificate?)", e);
    }
    if (code == 404 && e.getMessage() != null && e.getMessage().contains("the server could not find the requested resource")) {
      return new KubelabException(KubelabException.ENVIRONMENT, "the cluster does not serve what is needed to " + doing,
          "is the add-on or CRD installed?", e);
    }
    if (code == 0 || hasCause(e, IOException.class)) {
      return new KubelabException(KubelabException.ENVIRONMENT, "the cluster is not reachable (while trying to " + doing + ")",
          "is it still running ('docker ps' shows the k3s container)? Your progress is saved; start kubelab again to continue", e);
    }
    return new KubelabException(KubelabException.ENVIRONMENT, "the cluster answered " + code + " while kubelab tried to " + doing
        + ": " + e.getMessage(), null, e);
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
