package dev.kubelab.runner.exam;

import dev.kubelab.labs.api.Exercise;
import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.labs.api.Lab;
import dev.kubelab.labs.api.Placement;
import dev.kubelab.labs.engine.LabEngine;
import dev.kubelab.labs.exam.ExamCatalog;
import dev.kubelab.labs.exam.ExamLoader;
import dev.kubelab.labs.exam.ExamReport;
import dev.kubelab.labs.grade.LearnerState;
import dev.kubelab.runner.App;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The exam as the commands see it: the course's exams, the attempt in progress, and the rule that
 * an attempt whose deadline has passed is graded before anything else happens.
 */
public final class ExamSession {
  /** Graded within this long after the deadline, it counts as graded at the deadline (kubelab was running). */
  static final Duration GRACE = Duration.ofSeconds(60);
  /** Grading and changes to the running attempt never overlap (the deadline timer runs on its own thread). */
  static final Object LOCK = new Object();

  private final App app;
  private final AttemptStore store;

  public ExamSession(App app) {
    this.app = app;
    this.store = store(app);
  }

  public static AttemptStore store(App app) {
    return new AttemptStore(app.settings().home().resolve("exams"));
  }

  public App app() {
    return app;
  }

  public AttemptStore store() {
    return store;
  }

  public ExamCatalog catalog() {
    return new ExamLoader(app.contentSource(), app.course()).load();
  }

  public Instant now() {
    return app.clock().instant();
  }

  /**
   * The attempt in progress with time left. One past its deadline is graded first (at once, or
   * late when kubelab was not running at the deadline) and is then no longer running.
   */
  public Optional<Attempt> running() {
    gradeIfDue();
    return store.running();
  }

  public Attempt requireRunning() {
    Optional<ExamReport> graded = gradeIfDue();
    if (graded.isPresent()) {
      ExamReport r = graded.get();
      throw KubelabException.usage("time is up: attempt " + r.attempt() + " was graded" + (ExamReport.LATE.equals(r.gradedBy())
          ? " late, just now" : " at its deadline") + ": " + ExamReport.number(r.score()) + "% · " + (r.passed() ? "PASS" : "FAIL"),
          "'exam report' shows every check and why; 'exam clean' removes the exam's namespaces");
    }
    return store.running().orElseThrow(() -> KubelabException.usage("no exam is running",
        "'exam list' shows the exams, 'exam start NAME' starts one; 'exam report' shows the last one"));
  }

  /** Grades the running attempt if its deadline has passed; returns its report then. */
  public Optional<ExamReport> gradeIfDue() {
    synchronized (LOCK) {
      Optional<Attempt> a = store.running();
      if (a.isEmpty() || now().isBefore(a.get().deadlineInstant())) return Optional.empty();
      boolean late = Duration.between(a.get().deadlineInstant(), now()).compareTo(GRACE) > 0;
      return Optional.of(new ExamGrading(this).grade(a.get(), late ? ExamReport.LATE : ExamReport.DEADLINE));
    }
  }

  /** Ends the running attempt now and grades it (graded at the deadline instead, if that has passed). */
  public ExamReport submit() {
    synchronized (LOCK) {
      Optional<ExamReport> due = gradeIfDue();
      if (due.isPresent()) return due.get();
      return new ExamGrading(this).grade(requireRunning(), ExamReport.SUBMITTED);
    }
  }

  /** The attempt named, or the latest one; grades an overdue one first. */
  public Attempt attempt(String id) {
    gradeIfDue();
    if (id != null) return store.require(id);
    java.util.List<Attempt> all = store.all(w -> {});
    if (all.isEmpty()) {
      throw KubelabException.usage("you have not sat an exam yet", "'exam list' shows the exams, 'exam start NAME' starts one");
    }
    return all.get(all.size() - 1);
  }

  /** Changes the running attempt under the lock and saves it; refuses when time is up. */
  public Attempt update(Consumer<Attempt> change) {
    synchronized (LOCK) {
      Attempt a = requireRunning();
      change.accept(a);
      store.save(a);
      return a;
    }
  }

  /**
   * The task the learner is on while an exam runs (the one 'exam task' showed last), so commands a
   * task's own text names ('as', 'answer') act on it; empty when no exam is running.
   */
  public Optional<AttemptTask> currentTask() {
    return running().map(a -> task(a, a.currentTask == null ? 1 : a.currentTask));
  }

  public AttemptTask task(Attempt a, int number) {
    return a.task(number).orElseThrow(() -> KubelabException.usage("no task " + number + " in this exam",
        "tasks are numbered 1 to " + a.tasks.size() + "; 'exam status' lists them"));
  }

  public Lab lab(AttemptTask t) {
    return app.course().requireLab(t.lab);
  }

  public Exercise exercise(AttemptTask t) {
    Lab lab = lab(t);
    return lab.exercise(t.exercise).orElseThrow(() -> KubelabException.usage("lab " + t.lab + " has no exercise '"
        + t.exercise + "' any more", "the course changed since the exam started; 'exam submit' ends it"));
  }

  public Placement placement(AttemptTask t) {
    return Placement.prefixed(lab(t), t.prefix);
  }

  public LearnerState learner(AttemptTask t) {
    Map<String, String> answers = new LinkedHashMap<>();
    t.answers.forEach((check, value) -> answers.put(t.exercise + "/" + check, value));
    return LearnerState.of(answers, t.setupUids);
  }

  /** Deletes the attempt's namespaces (and cluster-scoped objects) and records that it did. */
  public void clean(Attempt a, Consumer<String> progress) {
    Consumer<String> once = LabEngine.distinct(progress);
    for (AttemptTask t : a.tasks) {
      app.engine().cleanup(lab(t), placement(t), once, Duration.ofMinutes(3));
    }
    a.cleaned = true;
    store.save(a);
  }

  private static final java.time.format.DateTimeFormatter LOCAL = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  /** "2026-12-03 09:13": an instant (ISO-8601 as the files keep it) in the learner's time zone, to the minute, for people. */
  public String local(String iso) {
    return local(Instant.parse(iso), app.clock().getZone());
  }

  public static String local(Instant t, java.time.ZoneId zone) {
    return LOCAL.format(t.atZone(zone));
  }

  /** "1:05:09": a duration as a clock. */
  public static String clock(Duration d) {
    long s = Math.max(0, d.toSeconds());
    return String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
  }

  /** "1h 05m" or "12m 30s". */
  public static String words(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s >= 3600) return String.format("%dh %02dm", s / 3600, s / 60 % 60);
    return String.format("%dm %02ds", s / 60, s % 60);
  }
}
