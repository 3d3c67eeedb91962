package dev.kubelab.labs.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A lab: namespaces it runs in, manifests applied at start, and exercises graded in order.
 * Paths ({@code intro}, {@code setup}) are relative to the content root.
 */
public record Lab(
    String id,
    String chapterId,
    String title,
    String vmware,
    String intro,
    Requirements requires,
    List<String> namespaces,
    List<String> setup,
    List<String> cleanup,
    List<Exercise> exercises,
    Map<String, Identity> identities) {

  public Optional<Exercise> exercise(String exerciseId) {
    return exercises.stream().filter(e -> e.id().equals(exerciseId)).findFirst();
  }

  public int index(String exerciseId) {
    for (int i = 0; i < exercises.size(); i++) {
      if (exercises.get(i).id().equals(exerciseId)) return i;
    }
    return -1;
  }

  public int points() {
    return exercises.stream().mapToInt(Exercise::points).sum();
  }

  /**
   * What the lab needs from a cluster before it can start. {@code distribution} (e.g. "k3s"),
   * when set, is a lab about that distribution's own parts; null means any conformant cluster.
   */
  public record Requirements(int nodes, boolean defaultStorageClass, boolean clusterScoped, String distribution) {
    public static final Requirements NONE = new Requirements(1, false, false, null);
  }
}
