package dev.kubelab.runner.progress;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One lab: when it was set up, the UIDs and node names recorded then, and each exercise's record. */
public final class LabRecord {
  public String startedAt;
  public Map<String, String> setupUids = new LinkedHashMap<>();
  public List<String> nodes = new ArrayList<>();
  /** The add-ons' template values when the lab started (by add-on id), for rendering with no cluster. */
  public Map<String, Object> addons = new LinkedHashMap<>();
  public Map<String, ExerciseRecord> exercises = new LinkedHashMap<>();

  public ExerciseRecord exercise(String exerciseId) {
    return exercises.computeIfAbsent(exerciseId, k -> new ExerciseRecord());
  }

  public ExerciseRecord exerciseOrEmpty(String exerciseId) {
    return exercises.getOrDefault(exerciseId, new ExerciseRecord());
  }

  /** The answers of every exercise, keyed "exercise/check" as the grader asks for them. */
  public Map<String, String> answers() {
    Map<String, String> all = new LinkedHashMap<>();
    exercises.forEach((ex, rec) -> rec.answers.forEach((check, value) -> all.put(ex + "/" + check, value)));
    return all;
  }

  public double score() {
    return exercises.values().stream().mapToDouble(e -> e.bestScore).sum();
  }

  public long passedCount() {
    return exercises.values().stream().filter(e -> e.passed).count();
  }
}
