package dev.kubelab.labs.exam;

import dev.kubelab.labs.api.CheckResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What an attempt's report says, as plain data for the terminal, JSON and HTML: per task and per
 * check what passed and why not, per domain and overall, pass or fail, time used, and the
 * reference solutions. Strings are never null ("" when there is nothing to say), times are ISO-8601
 * UTC, scores are rounded to two decimals.
 */
public record ExamReport(
    int version,
    String attempt,
    String exam,
    String title,
    long seed,
    String startedAt,
    String deadline,
    String gradedAt,
    int minutes,
    long timeUsedSeconds,
    String gradedBy,
    String note,
    double score,
    int passMark,
    boolean passed,
    List<DomainLine> domains,
    List<TaskLine> tasks) {

  public static final int VERSION = 1;

  /** How the attempt ended: submitted by the learner, graded at the deadline, or graded late (kubelab was not running). */
  public static final String SUBMITTED = "submitted";
  public static final String DEADLINE = "deadline";
  public static final String LATE = "late";

  /** The attempt's facts that scoring does not know. */
  public record Header(String attempt, String exam, String title, long seed, String startedAt, String deadline,
      String gradedAt, int minutes, long timeUsedSeconds, String gradedBy, String note) {}

  /** What the report shows of a task besides its score: titles, where it ran, flag, the reference solution (Markdown). */
  public record TaskInfo(String domainTitle, String title, String namespace, boolean flagged, String solution) {}

  public record DomainLine(String id, String title, int weight, double share, int tasks, double earned, int possible, double percent) {}

  public record TaskLine(int number, String domain, String domainTitle, String lab, String exercise, String title,
      String namespace, int points, double score, boolean flagged, List<CheckLine> checks, String solution) {}

  /** {@code status} is passed, failed or skipped; {@code earned} whether its weight counted; {@code note} says why not when it passed. */
  public record CheckLine(String id, String kind, String status, int weight, boolean earned, String detail, String explain, String note) {}

  /** The report of a scored attempt; {@code infos} is in the order of {@code score.tasks()}. */
  public static ExamReport of(Header h, Scoring.ExamScore score, List<TaskInfo> infos) {
    List<DomainLine> domains = score.domains().stream().map(d -> new DomainLine(d.domain().id(), d.domain().title(),
        d.domain().weight(), round(d.share()), d.tasks(), round(d.earned()), d.possible(), round(d.percent()))).toList();
    List<TaskLine> tasks = new ArrayList<>();
    for (int i = 0; i < score.tasks().size(); i++) {
      Scoring.TaskScore t = score.tasks().get(i);
      TaskInfo info = infos.get(i);
      List<CheckLine> checks = t.checks().stream().map(c -> check(c, t.progress())).toList();
      tasks.add(new TaskLine(t.task().number(), t.task().domain(), info.domainTitle(), t.task().lab(), t.task().exercise(),
          info.title(), info.namespace(), t.task().points(), round(t.score()), info.flagged(), checks, info.solution()));
    }
    return new ExamReport(VERSION, h.attempt(), h.exam(), h.title(), h.seed(), h.startedAt(), h.deadline(), h.gradedAt(),
        h.minutes(), h.timeUsedSeconds(), h.gradedBy(), h.note(), round(score.percent()), score.passMark(), score.passed(),
        domains, List.copyOf(tasks));
  }

  private static CheckLine check(Scoring.ScoredCheck c, boolean progress) {
    CheckResult r = c.result();
    String note = c.result().passed() && !c.earned()
        ? "this already held when the task was handed out; it counts once another check of the task passes" : "";
    return new CheckLine(r.id(), r.kind(), r.status().name().toLowerCase(Locale.ROOT), r.weight(), c.earned(),
        r.detail() == null ? "" : r.detail(), r.explain() == null ? "" : r.explain(), note);
  }

  static double round(double d) {
    return Math.round(d * 100) / 100.0;
  }

  /** "72.5" or "100": a score or percentage as people read it. */
  public static String number(double d) {
    double r = Math.round(d * 10) / 10.0;
    return r == Math.rint(r) ? String.valueOf((long) r) : String.format(Locale.ROOT, "%.1f", r);
  }
}
