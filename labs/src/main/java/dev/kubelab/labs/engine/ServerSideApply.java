package dev.kubelab.labs.engine;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;

/**
 * Applying one object as {@code kubectl apply --server-side} does, as kubelab's field manager,
 * taking over fields others own; create-or-update on a server without server-side apply (the
 * mock API server of kubelab's tests). Lab setups and add-on installs both apply this way.
 */
public final class ServerSideApply {
  private ServerSideApply() {}

  /** The object as the server stored it; failures are the client's, for the caller to put in words. */
  public static HasMetadata apply(KubernetesClient client, HasMetadata obj) {
    try {
      return client.resource(obj).fieldManager("kubelab").forceConflicts().serverSideApply();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 415 && e.getCode() != 405 && e.getCode() != 404 && e.getCode() != 400) throw e;
      obj.getMetadata().setResourceVersion(null);
      if ("Namespace".equals(obj.getKind()) && client.resource(obj).get() != null) {
        // a namespace's labels, merged as an apply merges them (an identity that may only patch it, a class student, can)
        return client.resource(obj).patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
            io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE));
      }
      return client.resource(obj).createOr(NonDeletingOperation::update);
    }
  }
}
