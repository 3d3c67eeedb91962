package dev.kubelab.labs.check.kinds;

import dev.kubelab.labs.check.Check;
import dev.kubelab.labs.check.CheckKind;
import dev.kubelab.labs.check.Outcome;
import dev.kubelab.labs.check.Params;
import dev.kubelab.labs.check.ResourceRef;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A pod's container mounts the volume backed by a claim ({@code claim: NAME}) or by a Secret
 * ({@code secret: NAME}) at a path: resolved through the pod's volumes, so a claim or Secret
 * declared as a volume but mounted elsewhere (while the path is an emptyDir) does not pass. With
 * a selector, every matching pod must.
 */
public final class Mounts implements CheckKind {
  @Override
  public String name() {
    return "mounts";
  }

  @Override
  public Check create(Params p) {
    ResourceRef pods = Pods.ref(p);
    if (p.has("claim") == p.has("secret")) p.problem("claim", "give either claim or secret");
    Source source = p.has("secret") ? new Source("secret", "secretName", "Secret", p.string("secret"))
        : new Source("persistentVolumeClaim", "claimName", "claim", p.string("claim"));
    String claim = source.describe();
    String path = strip(p.string("path"));
    String container = p.optString("container", null);
    return ctx -> {
      List<GenericKubernetesResource> all = ctx.list(pods);
      if (all.isEmpty()) return Outcome.fail("expected " + pods.describe() + " mounting " + claim + " at " + path + ", found "
          + Describe.missing(pods, ctx));
      for (GenericKubernetesResource pod : all) {
        String why = why(ctx.asMap(pod), source, path, container);
        if (why != null) return Outcome.fail("expected pod " + pod.getMetadata().getName() + " to mount " + claim + " at "
            + path + ": " + why);
      }
      return Outcome.pass((all.size() == 1 ? "pod " + all.get(0).getMetadata().getName() + " mounts" : all.size() + " pods mount")
          + " " + claim + " at " + path);
    };
  }

  /** The kind of volume the task names: a claim or a Secret, and its name. */
  record Source(String volumeKey, String nameKey, String noun, String name) {
    String describe() {
      return noun + " " + name;
    }

    boolean backs(Object volumeSource) {
      return volumeSource instanceof Map<?, ?> c && name.equals(c.get(nameKey));
    }
  }

  /** Null when the pod mounts the claim at the path, else what it does instead. */
  static String why(Map<String, Object> pod, String claim, String path, String container) {
    return why(pod, new Source("persistentVolumeClaim", "claimName", "claim", claim), path, container);
  }

  /** Null when the pod mounts the claim (or Secret) at the path, else what it does instead. */
  static String why(Map<String, Object> pod, Source source, String path, String container) {
    String claim = source.describe();
    Map<?, ?> spec = pod.get("spec") instanceof Map<?, ?> s ? s : Map.of();
    String volume = null;
    Map<String, String> kinds = new java.util.LinkedHashMap<>();
    if (spec.get("volumes") instanceof List<?> vs) {
      for (Object o : vs) {
        if (!(o instanceof Map<?, ?> v)) continue;
        String name = String.valueOf(v.get("name"));
        Object pvc = v.get("persistentVolumeClaim");
        Object secret = v.get("secret");
        if (source.backs(v.get(source.volumeKey()))) volume = name;
        kinds.put(name, v.keySet().stream().map(String::valueOf).filter(k -> !k.equals("name")).findFirst().orElse("?")
            + (pvc instanceof Map<?, ?> c ? " of claim " + c.get("claimName") : "")
            + (secret instanceof Map<?, ?> c ? " of Secret " + c.get("secretName") : ""));
      }
    }
    List<String> seen = new ArrayList<>();
    boolean containerFound = false;
    if (spec.get("containers") instanceof List<?> cs) {
      for (Object o : cs) {
        if (!(o instanceof Map<?, ?> c) || (container != null && !container.equals(c.get("name")))) continue;
        containerFound = true;
        if (!(c.get("volumeMounts") instanceof List<?> ms)) continue;
        for (Object mo : ms) {
          if (!(mo instanceof Map<?, ?> m)) continue;
          String at = strip(String.valueOf(m.get("mountPath")));
          String name = String.valueOf(m.get("name"));
          if (at.equals(path) && name.equals(volume)) return null;
          if (at.equals(path)) seen.add(path + " is volume '" + name + "' (" + kinds.getOrDefault(name, "not declared") + ")");
          else if (name.equals(volume)) seen.add("the " + source.noun() + "'s volume '" + name + "' is mounted at " + at);
        }
      }
    }
    if (container != null && !containerFound) return "it has no container '" + container + "'";
    if (volume == null) return "no volume of the pod comes from " + claim
        + (kinds.isEmpty() ? " (it has no volumes)" : " (its volumes: " + String.join(", ", describe(kinds)) + ")");
    return seen.isEmpty() ? "nothing is mounted at " + path + (container == null ? "" : " in container " + container)
        : String.join("; ", seen);
  }

  private static List<String> describe(Map<String, String> kinds) {
    List<String> out = new ArrayList<>();
    kinds.forEach((n, k) -> out.add(n + " (" + k + ")"));
    return out;
  }

  private static String strip(String path) {
    return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }
}
