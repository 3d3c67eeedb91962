package dev.kubelab.runner.exam;

import dev.kubelab.labs.api.CheckResult;
import dev.kubelab.labs.api.Exercise;
import dev.kubelab.labs.api.ExerciseResult;
import dev.kubelab.labs.api.Lab;
import dev.kubelab.labs.api.Placement;
import dev.kubelab.labs.engine.LabEngine;
import dev.kubelab.labs.exam.DrawnTask;
import dev.kubelab.labs.exam.ExamDefinition;
import dev.kubelab.labs.exam.ExamReport;
import dev.kubelab.labs.exam.Scoring;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/** Grades an attempt once, writes its report (JSON and HTML) and closes it: later work changes nothing. */
final class ExamGrading {
  private final ExamSession session;

  ExamGrading(ExamSession session) {
    this.session = session;
  }

  ExamReport grade(Attempt a, String gradedBy) {
    synchronized (ExamSession.LOCK) {
      Instant now = session.now();
      LabEngine engine = session.app().engine();
      ExamDefinition exam = session.catalog().require(a.exam);
      List<Scoring.TaskOutcome> outcomes = new ArrayList<>();
      List<ExamReport.TaskInfo> infos = new ArrayList<>();
      for (AttemptTask t : a.tasks) {
        Lab lab = session.lab(t);
        Exercise ex = session.exercise(t);
        Placement placement = session.placement(t);
        ExerciseResult r = engine.grade(lab, ex, placement, session.learner(t));
        outcomes.add(new Scoring.TaskOutcome(new DrawnTask(t.number, t.domain, t.lab, t.exercise, t.points), examWords(r.checks()),
            new HashSet<>(t.heldAtStart)));
        infos.add(new ExamReport.TaskInfo(domainTitle(exam, t.domain), ex.title(), placement.main(), t.flagged,
            engine.solution(lab, ex, placement)));
      }
      Scoring.ExamScore score = Scoring.exam(exam, outcomes);
      Instant started = Instant.parse(a.startedAt);
      Duration used = ExamReport.SUBMITTED.equals(gradedBy) ? Duration.between(started, now) : Duration.ofMinutes(a.minutes);
      ExamReport report = ExamReport.of(new ExamReport.Header(a.id, a.exam, a.title, a.seed, a.startedAt, a.deadline,
          now.toString(), a.minutes, used.toSeconds(), gradedBy, note(a, gradedBy, now, session.app().clock().getZone())), score, infos);
      ReportFiles.write(session.store(), report);
      a.state = Attempt.GRADED;
      a.gradedAt = now.toString();
      a.gradedBy = gradedBy;
      a.score = report.score();
      a.passed = report.passed();
      session.store().save(a);
      session.app().examTimer().disarm();
      return report;
    }
  }

  /** The lab's "no answer yet: type 'answer ...'" would send a candidate to the wrong command after the exam. */
  private static List<CheckResult> examWords(List<CheckResult> checks) {
    return checks.stream().map(c -> c.detail() != null && c.detail().startsWith("no answer yet")
        ? new CheckResult(c.id(), c.kind(), c.status(), "no answer given", c.explain(), c.weight(), c.guard()) : c).toList();
  }

  private static String domainTitle(ExamDefinition exam, String id) {
    return exam.domains().stream().filter(d -> d.id().equals(id)).map(ExamDefinition.Domain::title).findFirst().orElse(id);
  }

  static String note(Attempt a, String gradedBy, Instant now, java.time.ZoneId zone) {
    String deadline = ExamSession.local(a.deadlineInstant(), zone);
    String at = ExamSession.local(now, zone);
    return switch (gradedBy) {
      case ExamReport.SUBMITTED -> "Submitted with " + ExamSession.words(a.remaining(now)) + " left.";
      case ExamReport.DEADLINE -> "Graded when time ran out, at " + deadline + ": work done after that does not count.";
      default -> "Graded late, at " + at + " (" + ExamSession.words(Duration.between(a.deadlineInstant(), now))
          + " after the deadline of " + deadline + "), because kubelab was not running when time ran out: the score is"
          + " of the cluster as it was at " + at + ", so work done after the deadline may have counted. A local exam"
          + " cannot be tamper-proof: the cluster, the clock and these files are yours.";
    };
  }
}
