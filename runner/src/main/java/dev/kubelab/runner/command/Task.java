package dev.kubelab.runner.command;

import dev.kubelab.runner.App;
import dev.kubelab.runner.Main;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** The current exercise, as the learner reads it; needs no cluster. */
@Command(name = "task", mixinStandardHelpOptions = true, description = "Show the current exercise: what to do, and its VMware equivalent.")
public final class Task implements Callable<Integer> {
  @ParentCommand
  private Main main;

  @Override
  public Integer call() {
    App app = main.app();
    TaskView.exercise(app, Current.require(app));
    return 0;
  }
}
