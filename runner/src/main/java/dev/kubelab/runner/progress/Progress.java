package dev.kubelab.runner.progress;

import java.util.LinkedHashMap;
import java.util.Map;

/** Everything kubelab remembers about a learner: where they are, and each lab's record. Stored as JSON. */
public final class Progress {
  public int version = 1;
  public String currentLab;
  public String currentExercise;
  public Map<String, LabRecord> labs = new LinkedHashMap<>();

  /** The record of a lab, created empty the first time it is asked for. */
  public LabRecord lab(String labId) {
    return labs.computeIfAbsent(labId, k -> new LabRecord());
  }

  public LabRecord labOrEmpty(String labId) {
    return labs.getOrDefault(labId, new LabRecord());
  }
}
