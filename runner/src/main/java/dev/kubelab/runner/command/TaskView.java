package dev.kubelab.runner.command;

import dev.kubelab.labs.api.Exercise;
import dev.kubelab.labs.api.Lab;
import dev.kubelab.labs.engine.LabText;
import dev.kubelab.runner.App;
import dev.kubelab.runner.render.Markdown;
import java.io.PrintWriter;

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
    String instructions = new LabText(app.templates()).instructions(ex, c.model(app));
    out.println(md.render(instructions));
    Questions.print(out, md, ex, instructions, "answer", text -> c.render(app, String.valueOf(text)), null);
    out.flush();
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
