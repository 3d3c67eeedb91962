package dev.kubelab.runner.command;

import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.labs.exam.ExamReport;
import dev.kubelab.runner.App;
import dev.kubelab.runner.exam.ExamSession;
import dev.kubelab.runner.exam.ReportPrinter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** Ends the exam early, grades it and shows the report. */
@Command(name = "submit", mixinStandardHelpOptions = true,
    description = {"End the exam now: grade every task and show the report.", "Exit code 0 when you passed, 1 when not."})
public final class ExamSubmit implements Callable<Integer> {
  @ParentCommand
  private Exam exam;

  @Override
  public Integer call() {
    App app = exam.app();
    ExamSession session = exam.session();
    app.out().println(app.ansi().dim("  grading every task..."));
    ExamReport r = session.submit();
    ReportPrinter.print(app, session.store(), r, false);
    app.out().println(app.ansi().dim("Hints and solutions are open again. 'exam clean' deletes the exam's namespaces."));
    return r.passed() ? 0 : KubelabException.FAILED;
  }
}
