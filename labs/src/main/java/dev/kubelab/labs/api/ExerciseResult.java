package dev.kubelab.labs.api;

import java.util.List;
import java.util.Set;

/**
 * Grading of one exercise: every check's result and the points earned by weight.
 *
 * <p>One scoring rule serves lab mode, the exam and the class gradebook: a check earns its weight
 * when it passes, except a check that already held when the task was handed out (a
 * {@linkplain CheckResult#guard() guard}, or one recorded as holding right after setup), which
 * earns only once the exercise {@linkplain #progress(Set) shows progress}. So an untouched
 * exercise scores 0.
 */
public record ExerciseResult(String labId, String exerciseId, int points, List<CheckResult> checks) {

  public boolean passed() {
    return !checks.isEmpty() && checks.stream().allMatch(CheckResult::passed);
  }

  /** Points earned by the rule above, with only the content's guards counting as held at start. */
  public double score() {
    return score(Set.of());
  }

  /**
   * Points earned, where {@code heldAtStart} names checks seen passing right after setup (the
   * exam records them) in addition to the content's guards.
   */
  public double score(Set<String> heldAtStart) {
    boolean progress = progress(heldAtStart);
    int total = 0;
    int got = 0;
    for (CheckResult c : checks) {
      total += c.weight();
      if (earned(c, heldAtStart, progress)) got += c.weight();
    }
    return total == 0 ? 0 : points * (double) got / total;
  }

  /** Whether a check earns its weight now. */
  public boolean earned(CheckResult c, Set<String> heldAtStart) {
    return earned(c, heldAtStart, progress(heldAtStart));
  }

  private static boolean earned(CheckResult c, Set<String> heldAtStart, boolean progress) {
    return c.passed() && (!held(c, heldAtStart) || progress);
  }

  private static boolean held(CheckResult c, Set<String> heldAtStart) {
    return c.guard() || heldAtStart.contains(c.id());
  }

  /**
   * Progress: a check that did not hold at start passes now. Where the exercise reads the
   * cluster, that must be a cluster check (answering its question alone does not unlock the
   * guards); an exercise of questions only progresses with any right answer.
   */
  public boolean progress(Set<String> heldAtStart) {
    boolean readsCluster = checks.stream().anyMatch(c -> !c.question() && !held(c, heldAtStart));
    return checks.stream().anyMatch(c -> c.passed() && !held(c, heldAtStart) && (!readsCluster || !c.question()));
  }

  public long failedCount() {
    return checks.stream().filter(c -> !c.passed()).count();
  }
}
