package dev.kubelab.labs.exam;

import static dev.kubelab.labs.exam.ExamFixtures.check;
import static dev.kubelab.labs.exam.ExamFixtures.domain;
import static dev.kubelab.labs.exam.ExamFixtures.skipped;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every expectation here is worked out by hand in the comments. */
class ScoringTest {
  static final ExamDefinition EXAM = new ExamDefinition("x", "X", "", 120, 66, List.of(
      domain("trouble", 30, 2), domain("config", 25, 2), domain("net", 20, 0), domain("storage", 10, 1)));

  static Scoring.TaskOutcome outcome(int n, String domain, int points, Set<String> held, dev.kubelab.labs.api.CheckResult... checks) {
    return new Scoring.TaskOutcome(new DrawnTask(n, domain, "l/" + n, "e", points), List.of(checks), held);
  }

  static final List<Scoring.TaskOutcome> OUTCOMES = List.of(
      // 4 pts; weights 1 passed, 2 failed, 1 skipped: 4 x 1/4 = 1
      outcome(1, "trouble", 4, Set.of(), check("a", true, 1), check("b", false, 2), skipped("c", 1)),
      // 6 pts, all pass: 6
      outcome(2, "trouble", 6, Set.of(), check("a", true, 1), check("b", true, 1), check("c", true, 1)),
      // 5 pts; y held at start but x is progress, so both count: 5
      outcome(3, "config", 5, Set.of("y"), check("x", true, 3), check("y", true, 2)),
      // 3 pts; only q passes and it held at start: no progress, nothing earned: 0
      outcome(4, "config", 3, Set.of("q"), check("p", false, 1), check("q", true, 1)),
      // 2 pts, failing: 0
      outcome(5, "storage", 2, Set.of(), check("s", false, 1)));

  @Test
  void partialCreditPerWeightedCheck() {
    List<Scoring.TaskScore> tasks = Scoring.exam(EXAM, OUTCOMES).tasks();
    assertThat(tasks).extracting(Scoring.TaskScore::score).containsExactly(1.0, 6.0, 5.0, 0.0, 0.0);
    assertThat(tasks.get(0).checks()).extracting(Scoring.ScoredCheck::earned).containsExactly(true, false, false);
    assertThat(tasks.get(3).progress()).isFalse();
    assertThat(tasks.get(3).checks().get(1).earned()).isFalse();
    assertThat(tasks.get(3).checks().get(1).heldAtStart()).isTrue();
  }

  @Test
  void domainsScoreTheirShareOfPointsAndWeightsAreRenormalisedOverDomainsWithTasks() {
    Scoring.ExamScore s = Scoring.exam(EXAM, OUTCOMES);
    // trouble 7/10 = 70%, config 5/8 = 62.5%, storage 0/2 = 0%, net drew nothing
    assertThat(s.domains()).extracting(Scoring.DomainScore::percent).containsExactly(70.0, 62.5, 0.0, 0.0);
    assertThat(s.domains()).extracting(Scoring.DomainScore::tasks).containsExactly(2, 2, 0, 1);
    // weights 30 + 25 + 10 = 65: shares 46.15%, 38.46%, 0 (net), 15.38%
    assertThat(s.domains().get(0).share()).isCloseTo(100 * 30 / 65.0, within(1e-9));
    assertThat(s.domains().get(2).share()).isZero();
    assertThat(s.domains().get(3).share()).isCloseTo(100 * 10 / 65.0, within(1e-9));
    // (30 x 70 + 25 x 62.5 + 10 x 0) / 65 = 3662.5 / 65 = 56.346...
    assertThat(s.percent()).isCloseTo(3662.5 / 65, within(1e-9));
    assertThat(s.passed()).isFalse();
  }

  @Test
  void passingIsReachingTheMark() {
    ExamDefinition exam = new ExamDefinition("x", "X", "", 30, 50, List.of(domain("d", 10, 1)));
    // 4 pts, weights 1 of 2 pass: exactly 50%
    Scoring.ExamScore half = Scoring.exam(exam, List.of(outcome(1, "d", 4, Set.of(), check("a", true, 1), check("b", false, 1))));
    assertThat(half.percent()).isEqualTo(50.0);
    assertThat(half.passed()).isTrue();
  }

  @Test
  void nothingDoneScoresZeroEvenWhereSomeChecksHoldUntouched() {
    Scoring.ExamScore none = Scoring.exam(EXAM, List.of(
        outcome(1, "trouble", 4, Set.of("denied"), check("fixed", false, 2), check("denied", true, 1)),
        outcome(2, "storage", 3, Set.of(), check("s", false, 1))));
    assertThat(none.percent()).isZero();
  }

  @Test
  void everythingPassingScoresAHundred() {
    Scoring.ExamScore all = Scoring.exam(EXAM, List.of(
        outcome(1, "trouble", 4, Set.of("denied"), check("fixed", true, 2), check("denied", true, 1)),
        outcome(2, "config", 5, Set.of(), check("c", true, 1)),
        outcome(3, "storage", 3, Set.of(), check("s", true, 1))));
    assertThat(all.percent()).isCloseTo(100.0, within(1e-9));
    assertThat(all.passed()).isTrue();
  }

  @Test
  void theReportRoundsAndExplainsChecksThatEarnedNothing() {
    Scoring.ExamScore s = Scoring.exam(EXAM, OUTCOMES);
    List<ExamReport.TaskInfo> infos = OUTCOMES.stream()
        .map(o -> new ExamReport.TaskInfo("D", "T" + o.task().number(), "ns", false, "sol")).toList();
    ExamReport r = ExamReport.of(new ExamReport.Header("x-1", "x", "X", 1, "a", "b", "c", 120, 60, ExamReport.SUBMITTED, ""), s, infos);
    assertThat(r.score()).isEqualTo(56.35);
    assertThat(r.domains().get(0).share()).isEqualTo(46.15);
    assertThat(r.tasks().get(3).checks().get(1).note()).contains("already held when the task was handed out");
    assertThat(r.tasks().get(0).checks().get(2).status()).isEqualTo("skipped");
    assertThat(ExamReport.number(56.346)).isEqualTo("56.3");
    assertThat(ExamReport.number(100.0)).isEqualTo("100");
  }
}
