package dev.kubelab.runner.command;

import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.runner.App;
import dev.kubelab.runner.exam.Attempt;
import dev.kubelab.runner.exam.ExamSession;
import dev.kubelab.runner.exam.ReportPrinter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** Picks the running exam up again after a crash or a closed terminal; the clock kept running meanwhile. */
@Command(name = "resume", mixinStandardHelpOptions = true,
    description = {"Continue the running exam (after a crash or a closed terminal).", "The clock kept running meanwhile."})
public final class ExamResume implements Callable<Integer> {
  @ParentCommand
  private Exam exam;

  @Override
  public Integer call() {
    App app = exam.app();
    ExamSession session = exam.session();
    Optional<Attempt> before = session.store().running();
    var graded = session.gradeIfDue();
    if (graded.isPresent()) {
      app.out().println("Time ran out while you were away; the exam is graded.");
      ReportPrinter.print(app, session.store(), graded.get(), false);
      return graded.get().passed() ? 0 : KubelabException.FAILED;
    }
    if (before.isEmpty()) {
      throw KubelabException.usage("no exam is running", "'exam history' lists your attempts, 'exam start NAME' starts one");
    }
    app.out().println(app.ansi().green("Resuming ") + before.get().title + app.ansi().dim(" (attempt " + before.get().id + ")"));
    return ExamStatus.print(exam, session);
  }
}
