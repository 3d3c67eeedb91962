package dev.kubelab.runner.command;

import dev.kubelab.labs.api.Exercise;
import dev.kubelab.labs.api.Lab;
import dev.kubelab.labs.api.Placement;
import dev.kubelab.labs.content.Model;
import dev.kubelab.labs.engine.LabText;
import dev.kubelab.runner.App;
import dev.kubelab.runner.exam.Attempt;
import dev.kubelab.runner.exam.AttemptTask;
import dev.kubelab.runner.exam.ExamSession;
import dev.kubelab.runner.exam.ExamTimer;
import dev.kubelab.runner.render.Markdown;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** One task as the candidate reads it: where it runs, its points and domain, the instructions and questions. */
@Command(name = "task", mixinStandardHelpOptions = true, description = "Show a task of the running exam (default: the one you are on).")
public final class ExamTask implements Callable<Integer> {
  @ParentCommand
  private Exam exam;

  @Parameters(index = "0", arity = "0..1", paramLabel = "N", description = "the task's number")
  private Integer number;

  @Override
  public Integer call() {
    App app = exam.app();
    ExamSession session = exam.session();
    Attempt a = number == null ? session.requireRunning() : session.update(x -> {
      session.task(x, number);
      x.currentTask = number;
    });
    app.examTimer().arm(a);
    AttemptTask t = session.task(a, a.currentTask == null ? 1 : a.currentTask);
    Lab lab = session.lab(t);
    Exercise ex = session.exercise(t);
    Placement placement = session.placement(t);
    Map<String, Object> model = app.clusterAtHand() ? app.engine().model(lab, placement)
        : Model.offline(lab, placement, app.course().images(), Model.SAMPLE_NODES, Map.of());
    app.out().println(app.ansi().bold("Task " + t.number + " of " + a.tasks.size() + " · " + ex.title())
        + app.ansi().dim("  (" + t.points + " pts · " + t.domain + " · " + ExamSession.clock(a.remaining(session.now())) + " left)")
        + (t.flagged ? app.ansi().yellow("  ⚑ flagged") : ""));
    app.out().println(app.ansi().dim("Namespace " + String.join(", ", placement.namespaces().values()) + " · from lab " + lab.id()));
    app.out().println();
    Markdown md = app.markdown();
    String instructions = new LabText(app.templates()).instructions(ex, model);
    app.out().println(md.render(instructions));
    Questions.print(app.out(), md, ex, instructions, "exam answer " + t.number, text -> render(app, text, model),
        q -> t.answers.get(q.id()));
    app.out().println();
    app.out().println(app.ansi().dim("Graded at the end. 'exam flag " + t.number + "' marks it to come back to; 'exam status' lists all."));
    app.out().flush();
    return 0;
  }

  private static String render(App app, Object text, Map<String, Object> model) {
    try {
      return app.templates().renderString(String.valueOf(text), model);
    } catch (RuntimeException e) {
      return String.valueOf(text);
    }
  }
}
