package dev.kubelab.labs.check;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What a check can see: the cluster (through a per-round cache), the learner's answers, and setup UIDs. */
public interface CheckContext {

  /** Objects matching the reference, read once per kind and namespace per grading round. */
  List<GenericKubernetesResource> list(ResourceRef ref);

  /** The named object, if it exists. */
  default Optional<GenericKubernetesResource> get(ResourceRef ref) {
    return list(ref).stream().findFirst();
  }

  /** The object as plain JSON-like maps, for path lookups. */
  Map<String, Object> asMap(GenericKubernetesResource resource);

  /** The actual namespace of a logical one (null: the lab's first). */
  String namespace(String logical);

  /** What the learner answered for this check, if anything. */
  Optional<String> answer();

  /** The UID an object had right after setup, keyed "Kind/namespace/name". */
  Optional<String> setupUid(String key);

  /** The client, for the few kinds that must talk to the cluster directly (exec). */
  KubernetesClient client();

  /** False on a mock API server: kinds that need kubelets and containers skip there. */
  boolean realCluster();

  /** Runs a command in a pod (exec subresource). */
  PodExec exec();
}
