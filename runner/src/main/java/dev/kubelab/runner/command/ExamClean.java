package dev.kubelab.runner.command;

import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.runner.App;
import dev.kubelab.runner.exam.Attempt;
import dev.kubelab.runner.exam.ExamSession;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Deletes a graded attempt's namespaces and cluster-scoped objects; its report stays. */
@Command(name = "clean", mixinStandardHelpOptions = true,
    description = "Delete the namespaces of a graded attempt (default: the latest); its report is kept.")
public final class ExamClean implements Callable<Integer> {
  @ParentCommand
  private Exam exam;

  @Parameters(index = "0", arity = "0..1", paramLabel = "ATTEMPT", description = "an attempt id ('exam history' lists them)")
  private String attemptId;

  @Override
  public Integer call() {
    App app = exam.app();
    ExamSession session = exam.session();
    Attempt a = session.attempt(attemptId);
    if (a.running()) {
      throw KubelabException.usage("attempt " + a.id + " is still running", "'exam submit' ends it first; then 'exam clean'");
    }
    session.clean(a, exam::progress);
    app.out().println("Removed the namespaces of attempt " + a.id + "; its report stays in " + session.store().folder(a.id) + ".");
    return 0;
  }
}
