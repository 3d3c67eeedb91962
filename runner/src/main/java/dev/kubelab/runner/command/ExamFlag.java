package dev.kubelab.runner.command;

import dev.kubelab.runner.exam.Attempt;
import dev.kubelab.runner.exam.ExamSession;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Flags a task to come back to, or unflags it. */
@Command(name = "flag", mixinStandardHelpOptions = true, description = "Flag a task to come back to (again: unflag it).")
public final class ExamFlag implements Callable<Integer> {
  @ParentCommand
  private Exam exam;

  @Parameters(index = "0", paramLabel = "N", description = "the task's number")
  private int number;

  @Override
  public Integer call() {
    ExamSession session = exam.session();
    Attempt a = session.update(x -> session.task(x, number).flagged ^= true);
    boolean flagged = session.task(a, number).flagged;
    exam.app().out().println("Task " + number + (flagged ? " flagged ⚑" : " no longer flagged") + ".");
    return 0;
  }
}
