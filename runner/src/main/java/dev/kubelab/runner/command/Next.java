package dev.kubelab.runner.command;

import dev.kubelab.labs.api.Lab;
import dev.kubelab.runner.App;
import dev.kubelab.runner.Main;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** Moves to the next exercise of the lab. */
@Command(name = "next", mixinStandardHelpOptions = true, description = "Go to the next exercise of the lab.")
public final class Next implements Callable<Integer> {
  @ParentCommand
  private Main main;

  @Override
  public Integer call() {
    return move(main.app(), +1);
  }

  /** Moves by {@code delta} exercises within the lab and shows the task; at either end, says what to do instead. */
  static int move(App app, int delta) {
    Current c = Current.require(app);
    Lab lab = c.lab();
    int to = c.index() + delta;
    if (to < 0) {
      app.out().println("This is the first exercise of " + lab.id() + ".");
      return 0;
    }
    if (to >= lab.exercises().size()) {
      List<Lab> labs = app.course().labs();
      int i = labs.indexOf(lab);
      app.out().println("This is the last exercise of " + lab.id() + "."
          + (i + 1 < labs.size() ? " Next lab: 'start " + labs.get(i + 1).id() + "'." : " 'list' shows every lab."));
      return 0;
    }
    Current.moveTo(app, lab, lab.exercises().get(to));
    TaskView.exercise(app, Current.require(app));
    return 0;
  }
}
