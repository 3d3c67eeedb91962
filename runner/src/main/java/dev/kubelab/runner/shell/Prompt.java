package dev.kubelab.runner.shell;

import dev.kubelab.runner.App;
import dev.kubelab.runner.command.Current;
import java.util.Locale;

/**
 * The prompt carries the status: {@code kubelab [storage/dynamic-provisioning 2/3 · 5/12 pts]> }, or during an
 * exam its clock: {@code kubelab [exam cka 1:23:45 left]> }.
 */
final class Prompt {
  private Prompt() {}

  static String of(App app) {
    String status;
    try {
      status = Current.find(app).map(c -> " [" + c.lab().id() + " " + c.position() + " · "
          + number(c.record().score()) + "/" + c.lab().points() + " pts]").orElse("");
    } catch (RuntimeException e) {
      status = "";
    }
    try {
      // during an exam the clock replaces the lab's status: always in sight
      String clock = dev.kubelab.runner.exam.ExamClock.status(app).orElse(null);
      if (clock != null) status = " [" + clock + "]";
    } catch (RuntimeException e) {
      // a prompt never fails; exam commands report what is wrong with the attempt
    }
    return app.ansi().bold("kubelab") + app.ansi().cyan(status) + "> ";
  }

  private static String number(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.format(Locale.ROOT, "%.1f", d);
  }
}
