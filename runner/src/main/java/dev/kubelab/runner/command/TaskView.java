package dev.kubelab.runner.command;

import dev.kubelab.labs.api.CheckSpec;
import dev.kubelab.labs.api.Exercise;
import dev.kubelab.labs.api.Lab;
import dev.kubelab.labs.engine.LabText;
import dev.kubelab.runner.App;
import dev.kubelab.runner.render.Markdown;
import java.io.PrintWriter;
import java.util.List;

/** How a lab and an exercise are shown: titles, the VMware line, instructions, and the questions to answer. */
final class TaskView {
  private TaskView() {}

  static void intro(App app, Current c) {
    PrintWriter out = app.out();
    Lab lab = c.lab();
    out.println(app.ansi().bold(lab.id() + " · " + lab.title()));
    vmware(app, lab.vmware());
    if (lab.intro() != null) {
      out.println();
      out.println(app.markdown().render(new LabText(app.templates()).intro(lab, c.model(app))));
    }
    out.println();
  }

  static void exercise(App app, Current c) {
    PrintWriter out = app.out();
    Exercise ex = c.exercise();
    String done = c.exerciseRecord().passed ? "  " + app.ansi().green("✔ passed") : "";
    out.println(app.ansi().bold("Exercise " + c.position() + " · " + ex.title()) + app.ansi().dim("  (" + c.lab().id()
        + ", " + points(ex.points()) + ")") + done);
    vmware(app, ex.vmware());
    out.println();
    Markdown md = app.markdown();
    out.println(md.render(new LabText(app.templates()).instructions(ex, c.model(app))));
    List<CheckSpec> questions = ex.checks().stream().filter(TaskView::asks).toList();
    for (CheckSpec q : questions) {
      out.println();
      boolean choice = q.kind().equals("choice");
      String usage = "answer " + q.id() + (choice ? " <option numbers>" : " <your answer>");
      out.println(md.render("**Question:** " + c.render(app, String.valueOf(q.fields().getOrDefault("question", "")))
          + "  \n_(" + usage + ")_"));
      if (choice && q.fields().get("options") instanceof List<?> options) {
        for (int i = 0; i < options.size(); i++) {
          out.println("  " + (i + 1) + ". " + md.render(c.render(app, String.valueOf(options.get(i)))));
        }
      }
    }
    out.flush();
  }

  static boolean asks(CheckSpec check) {
    return check.kind().equals("answer") || check.kind().equals("choice");
  }

  static void vmware(App app, String line) {
    if (line == null || line.isBlank()) return;
    app.out().println(app.markdown().render("_VMware:_ " + line));
  }

  static String points(double points) {
    String n = points == Math.rint(points) ? String.valueOf((long) points) : String.format(java.util.Locale.ROOT, "%.1f", points);
    return n + (points == 1 ? " pt" : " pts");
  }

  static String score(double got, int of) {
    String g = got == Math.rint(got) ? String.valueOf((long) got) : String.format(java.util.Locale.ROOT, "%.1f", got);
    return g + "/" + of + " pts";
  }
}
