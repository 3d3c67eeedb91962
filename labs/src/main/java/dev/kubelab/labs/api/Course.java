package dev.kubelab.labs.api;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The whole course: chapters in order, and the image catalog its manifests use. */
public record Course(String title, List<Chapter> chapters, Map<String, String> images) implements java.io.Serializable {

  /** The same course with its images rewritten (mirror, overrides). */
  public Course withImages(Map<String, String> rewritten) {
    return new Course(title, chapters, java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(rewritten)));
  }

  public List<Lab> labs() {
    return chapters.stream().flatMap(c -> c.labs().stream()).toList();
  }

  public Optional<Lab> lab(String id) {
    return labs().stream().filter(l -> l.id().equals(id)).findFirst();
  }

  public Optional<Chapter> chapter(String id) {
    return chapters.stream().filter(c -> c.id().equals(id)).findFirst();
  }

  /** The lab with this id, or a usage error that names the nearest ids. */
  public Lab requireLab(String id) {
    return lab(id).orElseThrow(() -> {
      List<String> near = suggest(id);
      return KubelabException.usage("no lab '" + id + "'",
          near.isEmpty() ? "run 'list' to see every lab" : "did you mean " + String.join(", ", near) + "?");
    });
  }

  /** Lab ids close to what was typed, best first: a short unique name also matches its full id. */
  public List<String> suggest(String typed) {
    String t = typed.toLowerCase();
    return labs().stream().map(Lab::id)
        .filter(id -> id.contains(t) || t.contains(id.substring(id.indexOf('/') + 1))
            || Text.distance(id, t) <= Math.max(2, t.length() / 3)
            || Text.distance(id.substring(id.indexOf('/') + 1), t) <= Math.max(2, t.length() / 3))
        .sorted(Comparator.comparingInt(id -> Text.distance(id, t)))
        .limit(3).toList();
  }
}
