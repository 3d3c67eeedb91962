package dev.kubelab.labs.api;

import java.util.List;

/** Grading of one exercise: every check's result and the points earned by weight. */
public record ExerciseResult(String labId, String exerciseId, int points, List<CheckResult> checks) {

  public boolean passed() {
    return !checks.isEmpty() && checks.stream().allMatch(CheckResult::passed);
  }

  /** Points earned in proportion to the weight of the passed checks. */
  public double score() {
    int total = checks.stream().mapToInt(CheckResult::weight).sum();
    int got = checks.stream().filter(CheckResult::passed).mapToInt(CheckResult::weight).sum();
    return total == 0 ? 0 : points * (double) got / total;
  }

  public long failedCount() {
    return checks.stream().filter(c -> !c.passed()).count();
  }
}
