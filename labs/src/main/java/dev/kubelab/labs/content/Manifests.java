package dev.kubelab.labs.content;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/** Splits a rendered multi-document manifest into objects, checking each has apiVersion, kind and a name. */
public final class Manifests {
  private Manifests() {}

  /** The objects in the text; problems are reported against {@code file}. */
  @SuppressWarnings("unchecked")
  public static List<Map<String, Object>> parse(String file, String text, Problems problems) {
    List<Map<String, Object>> out = new ArrayList<>();
    try {
      int i = 0;
      for (Object doc : new org.yaml.snakeyaml.Yaml(new LoaderOptions()).loadAll(text)) {
        String where = "document " + (++i);
        if (doc == null) continue;
        if (!(doc instanceof Map<?, ?> m)) {
          problems.add(file, 0, where, "must be a Kubernetes object (a mapping), not " + doc.getClass().getSimpleName());
          continue;
        }
        Map<String, Object> obj = (Map<String, Object>) m;
        if (obj.get("kind") instanceof String kind && kind.endsWith("List") && obj.get("items") instanceof List<?> items) {
          items.forEach(it -> out.add((Map<String, Object>) it));
          continue;
        }
        for (String key : List.of("apiVersion", "kind")) {
          if (!(obj.get(key) instanceof String)) problems.add(file, 0, where, "has no " + key);
        }
        if (!(obj.get("metadata") instanceof Map<?, ?> md) || !(md.get("name") instanceof String)) {
          problems.add(file, 0, where, "has no metadata.name");
        }
        out.add(obj);
      }
    } catch (MarkedYAMLException e) {
      problems.add(file, e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1, "",
          "not valid YAML after rendering: " + e.getProblem());
    }
    return out;
  }
}
