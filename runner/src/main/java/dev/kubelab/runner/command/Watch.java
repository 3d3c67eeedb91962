package dev.kubelab.runner.command;

import dev.kubelab.labs.api.CheckResult;
import dev.kubelab.labs.api.ExerciseResult;
import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.runner.App;
import dev.kubelab.runner.Main;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * Re-grades until every check passes: the first frame shows every check (questions too), failing
 * ones with why; then each change, a check turning green (or red again), gets a line.
 */
@Command(name = "watch", mixinStandardHelpOptions = true,
    description = {"Re-check the current exercise every 2 seconds while you work, until it passes.", "Ctrl-C stops watching."})
public final class Watch implements Callable<Integer> {
  @ParentCommand
  private Main main;

  @Override
  public Integer call() {
    App app = main.app();
    dev.kubelab.runner.exam.ExamClock.refuseDuringExam(app, "checks");
    Current c = Current.require(app);
    PrintWriter out = app.out();
    Map<String, String> seen = new HashMap<>();
    ExerciseResult result = Grading.grade(app, c);
    out.println(app.ansi().bold("Watching " + c.exercise().title()) + app.ansi().dim(" (" + result.checks().size()
        + " checks, every " + app.watchInterval().toMillis() / 1000.0 + "s; Ctrl-C stops)"));
    while (true) {
      for (CheckResult check : result.checks()) {
        // a line is printed again when what it says changes (a guard is earned once progress shows)
        String line = Grading.line(app, check, result);
        if (!line.equals(seen.put(check.id(), line))) out.println(line);
      }
      out.flush();
      if (result.passed()) {
        Grading.record(app, c, result);
        Grading.print(app, c, result);
        return 0;
      }
      try {
        Thread.sleep(app.watchInterval().toMillis());
        result = Grading.grade(app, c);
      } catch (InterruptedException e) {
        return stopped(app, c, result);
      } catch (KubelabException e) {
        // Ctrl-C while the client waits for the API server surfaces as a lost connection
        if (Thread.interrupted()) return stopped(app, c, result);
        throw e;
      }
    }
  }

  private static int stopped(App app, Current c, ExerciseResult last) {
    app.out().println(app.ansi().dim("stopped watching: " + last.failedCount() + " of " + last.checks().size()
        + " checks still failing"));
    Grading.record(app, c, last);
    return KubelabException.FAILED;
  }
}
