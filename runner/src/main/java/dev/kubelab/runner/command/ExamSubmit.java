package dev.kubelab.runner.command;

import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.labs.exam.ExamReport;
import dev.kubelab.runner.App;
import dev.kubelab.runner.exam.ExamSession;
import dev.kubelab.runner.exam.ReportPrinter;
import dev.kubelab.runner.exam.Attempt;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Ends the exam early, grades it and shows the report. */
@Command(name = "submit", mixinStandardHelpOptions = true,
    description = {"End the exam now: grade every task and show the report.",
        "Asks first while time is left, or takes --yes. Exit code 0 when you passed, 1 when not."})
public final class ExamSubmit implements Callable<Integer> {
  @ParentCommand
  private Exam exam;

  @Option(names = "--yes", description = "do not ask: submit now, whatever time is left")
  private boolean yes;

  @Override
  public Integer call() {
    App app = exam.app();
    ExamSession session = exam.session();
    Optional<Attempt> running = session.running();
    if (!yes && running.isPresent() && !confirmed(app, running.get().remaining(session.now()))) return 0;
    app.out().println(app.ansi().dim("  grading every task..."));
    ExamReport r = session.submit();
    ReportPrinter.print(app, session.store(), r, false);
    app.out().println(app.ansi().dim("Hints and solutions are open again. 'exam clean' deletes the exam's namespaces."));
    return r.passed() ? 0 : KubelabException.FAILED;
  }

  /** Whether the learner means to end the exam with time left; no terminal to ask is an error that says how. */
  private static boolean confirmed(App app, Duration left) {
    String time = ExamSession.words(left);
    Optional<String> answer = app.ask("You have " + time + " left; work done after submitting does not count. Submit now? [y/N] ");
    if (answer.isEmpty()) {
      throw KubelabException.usage("the exam has " + time + " left, and there is no terminal here to confirm ending it",
          "'exam submit --yes' submits without asking");
    }
    boolean yes = answer.get().strip().toLowerCase(java.util.Locale.ROOT).matches("y|yes");
    if (!yes) app.out().println("Not submitted; the clock runs on (" + time + " left).");
    return yes;
  }
}
