package dev.kubelab.labs.exam;

import dev.kubelab.labs.api.CheckResult;
import dev.kubelab.labs.api.ExerciseResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Scores an attempt. A task earns its points in proportion to the weight of the checks that pass
 * (a skipped check counts as not passed). A check that already held when the task was handed out
 * (a guard of the content, or one seen passing right after setup) earns its weight only once the
 * task shows progress, so doing nothing earns nothing: {@link ExerciseResult}'s rule, the same in
 * lab mode and in the class gradebook. A domain scores the percentage of its points
 * earned; the exam's score is the domains' percentages weighted by their weights, over the domains
 * the attempt drew tasks from.
 */
public final class Scoring {
  private Scoring() {}

  /** A graded task: its checks' results now, and the ids of the checks that passed right after setup. */
  public record TaskOutcome(DrawnTask task, List<CheckResult> checks, Set<String> heldAtStart) {}

  /** A check's result and whether it earned its weight; {@code heldAtStart} checks earn only with progress. */
  public record ScoredCheck(CheckResult result, boolean heldAtStart, boolean earned) {}

  public record TaskScore(DrawnTask task, double score, boolean progress, List<ScoredCheck> checks) {}

  /** {@code share} is the domain's part of the overall score in percent, after weights are renormalised. */
  public record DomainScore(ExamDefinition.Domain domain, int tasks, double earned, int possible, double percent, double share) {}

  public record ExamScore(List<TaskScore> tasks, List<DomainScore> domains, double percent, int passMark, boolean passed) {}

  public static TaskScore task(TaskOutcome outcome) {
    // the same rule as lab mode and the class gradebook: ExerciseResult's
    ExerciseResult r = new ExerciseResult(outcome.task().lab(), outcome.task().exercise(), outcome.task().points(), outcome.checks());
    List<ScoredCheck> scored = new ArrayList<>();
    for (CheckResult c : outcome.checks()) {
      boolean held = c.guard() || outcome.heldAtStart().contains(c.id());
      scored.add(new ScoredCheck(c, held, r.earned(c, outcome.heldAtStart())));
    }
    return new TaskScore(outcome.task(), r.score(outcome.heldAtStart()), r.progress(outcome.heldAtStart()), List.copyOf(scored));
  }

  public static ExamScore exam(ExamDefinition exam, List<TaskOutcome> outcomes) {
    List<TaskScore> tasks = outcomes.stream().map(Scoring::task).toList();
    int weights = 0;
    for (ExamDefinition.Domain d : exam.domains()) {
      if (tasks.stream().anyMatch(t -> t.task().domain().equals(d.id()))) weights += d.weight();
    }
    List<DomainScore> domains = new ArrayList<>();
    double overall = 0;
    for (ExamDefinition.Domain d : exam.domains()) {
      List<TaskScore> in = tasks.stream().filter(t -> t.task().domain().equals(d.id())).toList();
      int possible = in.stream().mapToInt(t -> t.task().points()).sum();
      double earned = in.stream().mapToDouble(TaskScore::score).sum();
      double percent = possible == 0 ? 0 : 100 * earned / possible;
      double share = in.isEmpty() || weights == 0 ? 0 : 100.0 * d.weight() / weights;
      overall += percent * share / 100;
      domains.add(new DomainScore(d, in.size(), earned, possible, percent, share));
    }
    // a hair under the mark by floating-point noise is still the mark
    boolean passed = overall + 1e-9 >= exam.passMark();
    return new ExamScore(tasks, List.copyOf(domains), overall, exam.passMark(), passed);
  }
}
