package dev.kubelab.labs.gitops;

import dev.kubelab.labs.check.CheckContext;
import dev.kubelab.labs.check.PodExec;
import dev.kubelab.labs.check.ResourceRef;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A check context with an empty cluster, for checks that read the lab's Git repository only. */
record RepositoryOnlyContext(boolean realCluster) implements CheckContext {
  static final RepositoryOnlyContext REAL = new RepositoryOnlyContext(true);
  static final RepositoryOnlyContext MOCK = new RepositoryOnlyContext(false);

  @Override
  public List<GenericKubernetesResource> list(ResourceRef ref) {
    return List.of();
  }

  @Override
  public Map<String, Object> asMap(GenericKubernetesResource resource) {
    return Map.of();
  }

  @Override
  public String namespace(String logical) {
    return "unused";
  }

  @Override
  public Optional<String> answer() {
    return Optional.empty();
  }

  @Override
  public Optional<String> setupUid(String key) {
    return Optional.empty();
  }

  @Override
  public KubernetesClient client() {
    return null;
  }

  @Override
  public PodExec exec() {
    return null;
  }
}
