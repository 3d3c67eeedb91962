package dev.kubelab.runner.command;

import dev.kubelab.labs.exam.ExamReport;
import dev.kubelab.runner.App;
import dev.kubelab.runner.exam.Attempt;
import dev.kubelab.runner.exam.ExamSession;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** Every attempt with its score, oldest first, so progress over time shows. */
@Command(name = "history", mixinStandardHelpOptions = true, description = "Your past exam attempts and their scores.")
public final class ExamHistory implements Callable<Integer> {
  @ParentCommand
  private Exam exam;

  @Override
  public Integer call() {
    App app = exam.app();
    ExamSession session = exam.session();
    session.gradeIfDue();
    List<Attempt> all = session.store().all(w -> app.err().println(app.ansi().yellow("warning: ") + w));
    if (all.isEmpty()) {
      app.out().println("No exam attempts yet. 'exam list' shows the exams.");
      return 0;
    }
    for (Attempt a : all) {
      String result = a.running() ? app.ansi().cyan("running, " + ExamSession.words(a.remaining(session.now())) + " left")
          : a.score == null ? "not graded"
          : (Boolean.TRUE.equals(a.passed) ? app.ansi().green("PASS ") : app.ansi().red("FAIL ")) + ExamReport.number(a.score) + "%";
      String how = a.gradedBy == null ? "" : ExamReport.LATE.equals(a.gradedBy) ? "  graded late" : "  " + a.gradedBy;
      app.out().println(String.format("%-28s %-20s ", a.id, session.local(a.startedAt)) + result
          + app.ansi().dim(how + "  " + a.tasks.size() + " tasks, seed " + a.seed + (a.cleaned || a.running() ? "" : ", namespaces kept")));
    }
    app.out().println(app.ansi().dim("'exam report ATTEMPT' shows one; 'exam start NAME --seed N' sits the same draw again."));
    return 0;
  }
}
