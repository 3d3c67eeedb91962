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

  /** Sets the lab up and grades the exercise untouched. */
  public ExerciseResult startState(Lab lab, Exercise exercise, Placement placement) {
    Map<String, String> uids = engine.start(lab, placement, m -> {});
    return engine.grade(lab, exercise, placement, LearnerState.of(Map.of(), uids));
  }

  /** Sets the lab up, applies the solutions up to and including this exercise, and grades it. */
  public ExerciseResult solved(Lab lab, Exercise exercise, Placement placement, Duration deadline) {
    Map<String, String> uids = engine.start(lab, placement, m -> {});
    Map<String, String> answers = new HashMap<>();
    for (Exercise e : lab.exercises()) {
      engine.applySolution(lab, e, placement, m -> {});
      if (!realCluster && e.solution().state() != null) {
        MockState.apply(engine.client(), templates.render(e.solution().state(), engine.model(lab, placement)), placement.main());
      }
      answers.putAll(engine.solutionAnswers(lab, e, placement));
      if (e.id().equals(exercise.id())) break;
      if (realCluster) await(lab, e, placement, LearnerState.of(answers, uids), deadline); // as a learner would: done, then next
    }
    LearnerState learner = LearnerState.of(answers, uids);
    return await(lab, exercise, placement, learner, deadline);
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
