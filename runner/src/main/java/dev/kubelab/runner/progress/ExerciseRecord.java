package dev.kubelab.runner.progress;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One exercise: passed and when, best score, hints shown, whether the solution was viewed, answers given. */
public final class ExerciseRecord {
  public boolean passed;
  /** ISO-8601 instant of the first pass. */
  public String passedAt;
  public double bestScore;
  public int hintsUsed;
  /** Which hints were shown ("check:ID" for a check's own hint, or the hint's index), so none repeats. */
  public List<String> hintsShown = new ArrayList<>();
  public boolean solutionViewed;
  public Map<String, String> answers = new LinkedHashMap<>();
}
