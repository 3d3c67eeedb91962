package dev.kubelab.labs.addon;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The images of an add-on's release manifest moved to the learner's registry mirror
 * ({@code --image-registry}), as the course's own images are: every container and init
 * container of a workload's pod template, and environment values named {@code *_IMAGE} (operators
 * such as virt-operator learn their own image from one).
 */
public final class AddonImages {
  private AddonImages() {}

  /** Rewrites a manifest (as parsed YAML) in place; objects without a pod template are left alone. */
  public static void rewrite(Map<String, Object> manifest, UnaryOperator<String> images) {
    Object spec = manifest.get("spec");
    if (!(spec instanceof Map<?, ?> s) || !(s.get("template") instanceof Map<?, ?> t) || !(t.get("spec") instanceof Map<?, ?> pod)) {
      return;
    }
    for (String key : List.of("containers", "initContainers")) {
      if (!(pod.get(key) instanceof List<?> containers)) continue;
      for (Object c : containers) {
        if (!(c instanceof Map<?, ?> container)) continue;
        @SuppressWarnings("unchecked")
        Map<String, Object> writable = (Map<String, Object>) container;
        if (writable.get("image") instanceof String image) writable.put("image", images.apply(image));
        if (!(writable.get("env") instanceof List<?> env)) continue;
        for (Object e : env) {
          if (e instanceof Map<?, ?> var && String.valueOf(var.get("name")).endsWith("_IMAGE") && var.get("value") instanceof String v) {
            @SuppressWarnings("unchecked")
            Map<String, Object> w = (Map<String, Object>) var;
            w.put("value", images.apply(v));
          }
        }
      }
    }
  }

  /**
   * The registry path an operator should pull its components from, when they are named
   * {@code <path>/<component>:<tag>} below {@code example}'s path: "quay.io/kubevirt/virt-api:v1"
   * moved to "harbor.corp/hub" gives "harbor.corp/hub/kubevirt". Null when nothing is rewritten.
   */
  public static String registryOf(String example, UnaryOperator<String> images) {
    String moved = images.apply(example);
    if (moved.equals(example)) return null;
    return moved.substring(0, moved.lastIndexOf('/'));
  }
}
