package dev.kubelab.labs.testing;

import dev.kubelab.labs.api.Course;
import dev.kubelab.labs.api.Exercise;
import dev.kubelab.labs.api.ExerciseResult;
import dev.kubelab.labs.api.Lab;
import dev.kubelab.labs.api.Placement;
import dev.kubelab.labs.content.Templates;
import dev.kubelab.labs.engine.LabEngine;
import dev.kubelab.labs.grade.LearnerState;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import dev.kubelab.labs.api.CheckResult;
import java.util.Map;

/**
 * Proves an exercise: its untouched start state fails its checks, and its reference solution
 * (with the solutions of the exercises before it, as a learner would have done them) passes.
 * On the mock server the solution's {@code state} file stands in for controllers; on a real
 * cluster grading is retried until it passes or the deadline comes.
 */
public final class SelfTest {
  private final LabEngine engine;
  private final Templates templates;
  private final boolean realCluster;

  public SelfTest(LabEngine engine, Templates templates, boolean realCluster) {
    this.engine = engine;
    this.templates = templates;
    this.realCluster = realCluster;
  }

  public Course course() {
    return engine.course();
  }

  /** A fresh placement for one exercise's test, so tests do not see each other's objects. */
  public static Placement placement(Lab lab, Exercise exercise, String run) {
    return Placement.prefixed(lab, ("st-" + run + "-" + exercise.id()).toLowerCase());
  }

  /** Sets the lab up and grades the exercise untouched (on a real cluster once its pods had time to start). */
  public ExerciseResult startState(Lab lab, Exercise exercise, Placement placement) {
    Map<String, String> uids = engine.start(lab, placement, m -> {});
    if (realCluster) engine.settle(placement, m -> {}, Duration.ofSeconds(30));
    return engine.grade(lab, exercise, placement, LearnerState.of(Map.of(), uids));
  }

  /** Sets the lab up, applies the solutions up to and including this exercise, and grades it. */
  public ExerciseResult solved(Lab lab, Exercise exercise, Placement placement, Duration deadline) {
    Map<String, String> uids = engine.start(lab, placement, m -> {});
    Map<String, String> answers = new HashMap<>();
    earlier(lab, exercise, placement, uids, answers, deadline);
    engine.applySolution(lab, exercise, placement, m -> {});
    recordedState(lab, exercise.solution().state(), null, placement);
    answers.putAll(engine.solutionAnswers(lab, exercise, placement));
    LearnerState learner = LearnerState.of(answers, uids);
    return await(lab, exercise, placement, learner, deadline);
  }

  /**
   * Sets the lab up, applies the solutions of the exercises before this one, then the known-wrong
   * case instead of (or, with afterSolution, on top of) this exercise's solution, and grades it
   * once the cluster has settled. A learner who did this has not done the task: it must fail.
   */
  public ExerciseResult wrong(Lab lab, Exercise exercise, Exercise.WrongCase wrong, Placement placement, Duration settle) {
    Map<String, String> uids = engine.start(lab, placement, m -> {});
    Map<String, String> answers = new HashMap<>();
    earlier(lab, exercise, placement, uids, answers, settle);
    engine.applyWrongCase(lab, exercise, wrong, placement, m -> {});
    if (wrong.afterSolution()) {
      recordedState(lab, exercise.solution().state(), null, placement);
      answers.putAll(engine.solutionAnswers(lab, exercise, placement));
    }
    recordedState(lab, wrong.steps().state(), wrong.stateManifests(), placement);
    wrong.steps().answers().forEach((check, value) -> answers.put(exercise.id() + "/" + check, templates.renderString(value,
        engine.model(lab, placement))));
    if (realCluster) engine.settle(placement, m -> {}, settle);
    return engine.grade(lab, exercise, placement, LearnerState.of(answers, uids));
  }

  /** The solutions of the exercises before {@code exercise}, each graded to its end on a real cluster, as a learner would. */
  private void earlier(Lab lab, Exercise exercise, Placement placement, Map<String, String> uids, Map<String, String> answers,
      Duration deadline) {
    for (Exercise e : lab.exercises()) {
      if (e.id().equals(exercise.id())) return;
      engine.applySolution(lab, e, placement, m -> {});
      recordedState(lab, e.solution().state(), null, placement);
      answers.putAll(engine.solutionAnswers(lab, e, placement));
      if (realCluster) await(lab, e, placement, LearnerState.of(answers, uids), deadline); // done, then next
    }
  }

  /** On the mock, a recorded state stands in for controllers; a real cluster has its own. */
  private void recordedState(Lab lab, String file, String inline, Placement placement) {
    if (realCluster) return;
    if (file != null) MockState.apply(engine.client(), templates.render(file, engine.model(lab, placement)), placement.main());
    if (inline != null) MockState.apply(engine.client(), templates.renderString(inline, engine.model(lab, placement)), placement.main());
  }

  /**
   * Why grading did not catch a wrong case, or empty when it did: every check the case names
   * failed, or (naming none) at least one check failed.
   */
  public static Optional<String> notCaught(Exercise.WrongCase wrong, ExerciseResult r) {
    if (wrong.fails().isEmpty()) {
      return r.checks().stream().anyMatch(c -> c.status() == CheckResult.Status.FAILED) ? Optional.empty()
          : Optional.of("no check failed");
    }
    List<String> notFailed = r.checks().stream().filter(c -> wrong.fails().contains(c.id()) && c.status() != CheckResult.Status.FAILED)
        .map(c -> c.id() + " " + c.status().name().toLowerCase(java.util.Locale.ROOT)).toList();
    return notFailed.isEmpty() ? Optional.empty() : Optional.of("checks that must fail did not: " + notFailed);
  }

  /**
   * True when a case was not caught only because the checks that should catch it were skipped
   * (they need a real cluster: can-i, exec, traffic): only CourseIT can prove it.
   */
  public static boolean unprovable(Exercise.WrongCase wrong, ExerciseResult r) {
    if (notCaught(wrong, r).isEmpty()) return false;
    List<CheckResult> concerned = r.checks().stream()
        .filter(c -> wrong.fails().isEmpty() || (wrong.fails().contains(c.id()) && c.status() != CheckResult.Status.FAILED)).toList();
    return wrong.fails().isEmpty() ? concerned.stream().anyMatch(c -> c.status() == CheckResult.Status.SKIPPED)
        : concerned.stream().allMatch(c -> c.status() == CheckResult.Status.SKIPPED);
  }

  private ExerciseResult await(Lab lab, Exercise exercise, Placement placement, LearnerState learner, Duration deadline) {
    AtomicReference<ExerciseResult> last = new AtomicReference<>(engine.grade(lab, exercise, placement, learner));
    if (deadline.isZero() || passedExceptSkipped(last.get())) return last.get();
    try {
      Awaitility.await().atMost(deadline).pollInterval(Duration.ofSeconds(2)).until(() -> {
        last.set(engine.grade(lab, exercise, placement, learner));
        return passedExceptSkipped(last.get());
      });
    } catch (ConditionTimeoutException e) {
      // the last result says which checks never passed
    }
    return last.get();
  }

  /** Passed, not counting checks skipped for want of a real cluster. */
  public static boolean passedExceptSkipped(ExerciseResult r) {
    return r.checks().stream().allMatch(c -> c.passed() || c.status() == dev.kubelab.labs.api.CheckResult.Status.SKIPPED);
  }
}
