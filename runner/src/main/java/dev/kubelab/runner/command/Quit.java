package dev.kubelab.runner.command;

import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.runner.App;
import dev.kubelab.runner.Main;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** Leaves the shell (Ctrl-D does too). */
@Command(name = "quit", aliases = "exit", mixinStandardHelpOptions = true, description = "Leave the shell (or press Ctrl-D).")
public final class Quit implements Callable<Integer> {
  @ParentCommand
  private Main main;

  @Override
  public Integer call() {
    App app = main.app();
    if (!app.interactive()) {
      throw KubelabException.usage("'quit' leaves the shell, and no shell is open", "run 'kubelab' without a command to open the shell");
    }
    app.requestQuit();
    return 0;
  }
}
