package dev.kubelab.labs.testing;

import dev.kubelab.labs.content.Manifests;
import dev.kubelab.labs.content.Problems;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.util.Map;

/**
 * Seeds fabric8's CRUD mock server with objects as a real cluster would show them, status
 * included: the mock has no controllers, so tests stand in for them.
 */
public final class MockState {
  private MockState() {}

  public static void apply(KubernetesClient client, String yaml, String namespace) {
    Problems problems = new Problems();
    for (Map<String, Object> raw : Manifests.parse("state", yaml, problems)) {
      HasMetadata obj = client.getKubernetesSerialization().convertValue(raw, HasMetadata.class);
      if (obj instanceof Namespaced && obj.getMetadata().getNamespace() == null) obj.getMetadata().setNamespace(namespace);
      if (obj.getMetadata().getUid() == null) {
        HasMetadata existing = client.resource(obj).get();
        if (existing != null) obj.getMetadata().setUid(existing.getMetadata().getUid());
      }
      obj.getMetadata().setResourceVersion(null);
      client.resource(obj).createOr(NonDeletingOperation::update);
    }
    problems.throwIfAny("state");
  }
}
