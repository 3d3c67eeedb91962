package dev.kubelab.runner.command;

import dev.kubelab.runner.App;
import dev.kubelab.runner.exam.Attempt;
import dev.kubelab.runner.exam.AttemptTask;
import dev.kubelab.runner.exam.ExamSession;
import dev.kubelab.runner.exam.ExamTimer;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** The clock and every task: domain, points, flag, questions answered. Says nothing about what passes. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "The exam clock and its tasks (flags, answers given).")
public final class ExamStatus implements Callable<Integer> {
  @ParentCommand
  private Exam exam;

  @Override
  public Integer call() {
    return print(exam, exam.session());
  }

  static int print(Exam exam, ExamSession session) {
    App app = exam.app();
    Attempt a = session.requireRunning();
    app.examTimer().arm(a);
    Duration left = a.remaining(session.now());
    Duration used = Duration.between(java.time.Instant.parse(a.startedAt), session.now());
    app.out().println(app.ansi().bold(a.title) + "  " + app.ansi().cyan(ExamSession.clock(left) + " left")
        + app.ansi().dim("  (" + ExamSession.words(used) + " used of " + a.minutes + " min; deadline " + session.local(a.deadline) + ")"));
    for (AttemptTask t : a.tasks) {
      var ex = session.exercise(t);
      long asked = ex.checks().stream().filter(Questions::asks).count();
      String answered = asked == 0 ? "" : "  answered " + t.answers.size() + "/" + asked;
      String current = a.currentTask != null && a.currentTask == t.number ? ">" : " ";
      app.out().println(String.format("%s %2d  %-44s", current, t.number, ex.title()) + app.ansi().dim(String.format("%3d pts  %s",
          t.points, t.domain)) + app.ansi().dim(answered) + (t.flagged ? app.ansi().yellow("  ⚑ flagged") : ""));
    }
    app.out().println(app.ansi().dim("'exam task N' shows a task; graded at the end ('exam submit', or when time runs out)."));
    app.out().flush();
    return 0;
  }
}
