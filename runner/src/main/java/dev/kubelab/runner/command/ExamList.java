package dev.kubelab.runner.command;

import dev.kubelab.labs.exam.ExamDefinition;
import dev.kubelab.runner.App;
import dev.kubelab.runner.exam.ExamSession;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** The course's exams; needs no cluster. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the exams: duration, pass mark, tasks and domains.")
public final class ExamList implements Callable<Integer> {
  @ParentCommand
  private Exam exam;

  @Override
  public Integer call() {
    return print(exam, exam.session());
  }

  static int print(Exam exam, ExamSession session) {
    App app = exam.app();
    var catalog = session.catalog();
    if (catalog.exams().isEmpty()) {
      app.out().println("This course has no exams (they are listed in exams/index.yaml).");
      return 0;
    }
    for (ExamDefinition e : catalog.exams()) {
      app.out().println(app.ansi().bold(e.name()) + " · " + e.title() + app.ansi().dim("  (" + e.minutes() + " min, "
          + e.taskCount() + " tasks, pass mark " + e.passMark() + "%)"));
      int width = e.domains().stream().mapToInt(d -> d.title().length()).max().orElse(0) + 2;
      for (ExamDefinition.Domain d : e.domains()) {
        app.out().println("    " + String.format("%-" + width + "s", d.title()) + app.ansi().dim(d.draw() == 0
            ? "weight " + d.weight() + ", no tasks yet" : "weight " + d.weight() + ", " + d.draw() + " of " + d.tasks().size() + " tasks"));
      }
      if (!e.description().isBlank()) app.out().println(app.markdown().render(e.description(), "    ", "    "));
      app.out().println();
    }
    app.out().println(app.ansi().dim("'exam start NAME' starts one (hints and solutions are locked until it ends)."));
    app.out().flush();
    return 0;
  }
}
