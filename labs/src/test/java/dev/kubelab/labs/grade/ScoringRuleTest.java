package dev.kubelab.labs.grade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelab.labs.api.CheckResult;
import dev.kubelab.labs.api.ExerciseResult;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The one scoring rule of lab mode, exam and gradebook: what held at start earns only with progress. */
class ScoringRuleTest {
  static CheckResult check(String id, String kind, boolean passed, boolean guard) {
    return new CheckResult(id, kind, passed ? CheckResult.Status.PASSED : CheckResult.Status.FAILED, "", null, 1, guard);
  }

  static ExerciseResult result(CheckResult... checks) {
    return new ExerciseResult("l", "e", 3, List.of(checks));
  }

  @Test
  void anUntouchedExerciseWhoseGuardsHoldScoresNothing() {
    // compute/workloads/self-healing untouched: the ReplicaSet is the lab's, its pods run, frontend-1 still exists
    ExerciseResult r = result(check("frontend-1-gone", "absent", false, false), check("replicaset-kept", "unchanged", true, true),
        check("frontend-ready", "pods-ready", true, true), check("frontend-owned", "field", true, true),
        check("who-replaced", "choice", false, false));
    assertThat(r.progress(Set.of())).isFalse();
    assertThat(r.score()).isZero();
  }

  @Test
  void progressUnlocksTheGuards() {
    ExerciseResult r = result(check("frontend-1-gone", "absent", true, false), check("replicaset-kept", "unchanged", true, true),
        check("who-replaced", "choice", false, false));
    // 2 of 3 weights: 3 x 2/3
    assertThat(r.score()).isEqualTo(2.0);
  }

  @Test
  void answeringTheQuestionAloneDoesNotUnlockGuardsWhereTheTaskIsOnTheCluster() {
    ExerciseResult r = result(check("frontend-1-gone", "absent", false, false), check("replicaset-kept", "unchanged", true, true),
        check("who-replaced", "choice", true, false));
    // the question earns its own weight, the guard does not: 3 x 1/3
    assertThat(r.score()).isEqualTo(1.0);
  }

  @Test
  void anExerciseOfQuestionsProgressesWithAnyRightAnswer() {
    ExerciseResult r = result(check("q1", "choice", true, false), check("held", "field", true, true));
    assertThat(r.score()).isEqualTo(3.0);
  }

  @Test
  void checksRecordedAsHeldAtSetupCountLikeGuards() {
    ExerciseResult r = result(check("a", "field", false, false), check("b", "field", true, false));
    assertThat(r.score()).isEqualTo(1.5);
    assertThat(r.score(Set.of("b"))).isZero();
  }
}
