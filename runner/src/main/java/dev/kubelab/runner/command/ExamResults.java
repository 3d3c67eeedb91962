package dev.kubelab.runner.command;

import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.labs.exam.ExamReport;
import dev.kubelab.runner.App;
import dev.kubelab.runner.exam.Attempt;
import dev.kubelab.runner.exam.ExamSession;
import dev.kubelab.runner.exam.ReportPrinter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** The report of an attempt, from its report.json: every task and check, the domains, the verdict. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"Show the report of an attempt (default: the latest).", "Exit code 0 when it passed, 1 when not."})
public final class ExamResults implements Callable<Integer> {
  @ParentCommand
  private Exam exam;

  @Parameters(index = "0", arity = "0..1", paramLabel = "ATTEMPT", description = "an attempt id ('exam history' lists them)")
  private String attemptId;

  @Option(names = "--solutions", description = "also print each task's reference solution")
  private boolean solutions;

  @Override
  public Integer call() {
    App app = exam.app();
    ExamSession session = exam.session();
    Attempt a = session.attempt(attemptId);
    if (a.running()) {
      throw KubelabException.usage("attempt " + a.id + " is still running (" + ExamSession.words(a.remaining(session.now()))
          + " left)", "'exam submit' ends it and shows the report");
    }
    ExamReport r = session.store().report(a.id).orElseThrow(() -> KubelabException.environment(
        "attempt " + a.id + " has no report.json", "it was graded but its report is gone from " + session.store().folder(a.id)));
    ReportPrinter.print(app, session.store(), r, solutions);
    return r.passed() ? 0 : KubelabException.FAILED;
  }
}
