package dev.kubelab.runner.exam;

import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.runner.App;
import java.time.Duration;
import java.util.Optional;

/** The exam clock for the prompt, and the lock on hints and solutions while an exam runs. */
public final class ExamClock {
  private ExamClock() {}

  /** "exam cka 1:23:45" while an attempt runs (and arms the deadline timer in the shell); empty otherwise. */
  public static Optional<String> status(App app) {
    Optional<Attempt> a = ExamSession.store(app).running();
    if (a.isEmpty()) return Optional.empty();
    app.examTimer().arm(a.get());
    Duration left = a.get().remaining(app.clock().instant());
    return Optional.of("exam " + a.get().exam + " " + (left.isZero() ? "time is up" : ExamSession.clock(left) + " left"));
  }

  /** Refuses with a usage error while an exam attempt is running: {@code what} is "hints" or "solutions". */
  public static void refuseDuringExam(App app, String what) {
    Optional<Attempt> a = ExamSession.store(app).running();
    if (a.isEmpty()) return;
    Duration left = a.get().remaining(app.clock().instant());
    throw KubelabException.usage(what + " are locked during the exam", left.isZero()
        ? "time is up: 'exam report' grades the exam, and then they open again"
        : ExamSession.words(left) + " left; they open when the exam ends ('exam submit' ends it early)");
  }
}
