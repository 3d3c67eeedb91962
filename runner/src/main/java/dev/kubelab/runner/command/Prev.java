package dev.kubelab.runner.command;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** Moves to the previous exercise of the lab. */
@Command(name = "prev", mixinStandardHelpOptions = true, description = "Go back to the previous exercise of the lab.")
public final class Prev implements Callable<Integer> {
  @ParentCommand
  private dev.kubelab.runner.Main main;

  @Override
  public Integer call() {
    return Next.move(main.app(), -1);
  }
}
