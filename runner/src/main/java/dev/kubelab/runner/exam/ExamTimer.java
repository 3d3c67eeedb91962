package dev.kubelab.runner.exam;

import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.runner.App;
import java.time.Duration;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * In the shell, grades the running attempt the moment its deadline passes, so work done after it
 * does not count. One-shot commands need no timer: they grade an overdue attempt before anything else.
 * The timers are kept per App here because App has no place for them (weakly, so none outlives its shell).
 */
public final class ExamTimer {
  private static final Map<App, ScheduledFuture<?>> TIMERS = new WeakHashMap<>();
  private static final ScheduledExecutorService SCHEDULER = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "kubelab-exam-deadline");
    t.setDaemon(true);
    return t;
  });

  private ExamTimer() {}

  /** Arms the deadline timer for the running attempt, if kubelab runs as a shell and none is armed yet. */
  public static void arm(App app, Attempt attempt) {
    if (!app.interactive() || !attempt.running()) return;
    synchronized (TIMERS) {
      ScheduledFuture<?> armed = TIMERS.get(app);
      if (armed != null && !armed.isDone()) return;
      Duration delay = attempt.remaining(app.clock().instant());
      TIMERS.put(app, SCHEDULER.schedule(() -> fire(app), Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS));
    }
  }

  public static void disarm(App app) {
    synchronized (TIMERS) {
      ScheduledFuture<?> armed = TIMERS.remove(app);
      if (armed != null && !armed.isDone()) armed.cancel(false);
    }
  }

  private static void fire(App app) {
    try {
      new ExamSession(app).gradeIfDue().ifPresent(r -> {
        app.out().println();
        app.out().println(app.ansi().yellow("Time is up: ") + "the exam was graded at its deadline: "
            + dev.kubelab.labs.exam.ExamReport.number(r.score()) + "% · " + (r.passed() ? "PASS" : "FAIL")
            + ". 'exam report' shows every check; 'exam clean' removes the exam's namespaces.");
        app.out().flush();
      });
    } catch (KubelabException e) {
      app.err().println("error: grading at the deadline failed: " + e.getMessage());
      app.err().println("hint: the next exam command grades it again");
      app.err().flush();
    } catch (RuntimeException e) {
      app.err().println("error: grading at the deadline failed: " + e);
      app.err().flush();
    }
  }
}
