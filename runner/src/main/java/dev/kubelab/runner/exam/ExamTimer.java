package dev.kubelab.runner.exam;

import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.runner.App;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * In the shell, grades the running attempt the moment its deadline passes, so work done after it
 * does not count. One-shot commands need no timer: they grade an overdue attempt before anything
 * else. The App owns one timer and closes it with itself.
 */
public final class ExamTimer implements AutoCloseable {
  private final App app;
  private ScheduledExecutorService scheduler;
  private ScheduledFuture<?> armed;

  public ExamTimer(App app) {
    this.app = app;
  }

  /**
   * Arms the deadline timer for the running attempt, if kubelab runs as a shell and none is armed
   * yet. An attempt already past its deadline is graded here and now.
   */
  public void arm(Attempt attempt) {
    if (!app.interactive() || !attempt.running()) return;
    if (attempt.remaining(app.clock().instant()).compareTo(Duration.ZERO) <= 0) {
      fire();
      return;
    }
    schedule(attempt);
  }

  private synchronized void schedule(Attempt attempt) {
    if (armed != null && !armed.isDone()) return;
    if (scheduler == null) {
      scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "kubelab-exam-deadline");
        t.setDaemon(true);
        return t;
      });
    }
    Duration delay = attempt.remaining(app.clock().instant());
    armed = scheduler.schedule(this::fire, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
  }

  public synchronized void disarm() {
    if (armed != null && !armed.isDone()) armed.cancel(false);
    armed = null;
  }

  /** Cancels a timer that has not fired; a grading already under way is let finish. */
  @Override
  public void close() {
    ScheduledExecutorService s;
    synchronized (this) {
      disarm();
      s = scheduler;
      scheduler = null;
    }
    if (s == null) return;
    s.shutdown();
    try {
      s.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void fire() {
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
