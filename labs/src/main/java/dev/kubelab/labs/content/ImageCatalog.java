package dev.kubelab.labs.content;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rewrites the course's images for where the learner can pull from: a registry mirror (Harbor,
 * a pull-through cache, an air-gapped registry) and per-image overrides.
 */
public final class ImageCatalog {
  private ImageCatalog() {}

  /**
   * Each image moved to {@code registry} (keeping its repository path and tag), then any override
   * by key applied. "docker.io/library/busybox:1.37.0" with registry "harbor.corp/hub" becomes
   * "harbor.corp/hub/library/busybox:1.37.0".
   */
  public static Map<String, String> rewrite(Map<String, String> images, String registry, Map<String, String> overrides) {
    Map<String, String> out = new LinkedHashMap<>();
    images.forEach((key, ref) -> out.put(key, registry == null || registry.isBlank() ? ref : moveTo(ref, registry)));
    overrides.forEach((key, ref) -> {
      if (!out.containsKey(key)) {
        throw new IllegalArgumentException("no image '" + key + "' in the catalog; known: " + images.keySet());
      }
      out.put(key, ref);
    });
    return out;
  }

  /** Moves any image reference to {@code registry} as {@link #rewrite} does; unchanged when there is none. */
  public static java.util.function.UnaryOperator<String> mover(String registry) {
    if (registry == null || registry.isBlank()) return java.util.function.UnaryOperator.identity();
    return ref -> moveTo(ref, registry);
  }

  static String moveTo(String ref, String registry) {
    String path = ref;
    int slash = ref.indexOf('/');
    if (slash > 0) {
      String first = ref.substring(0, slash);
      if (first.contains(".") || first.contains(":") || first.equals("localhost")) path = ref.substring(slash + 1);
    }
    if (!path.contains("/")) path = "library/" + path;
    return registry.replaceAll("/+$", "") + "/" + path;
  }
}
