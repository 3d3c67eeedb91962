package dev.kubelab.runner.command;

import dev.kubelab.runner.App;
import dev.kubelab.runner.Main;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** Grades the current exercise against the live cluster. */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = {"Grade the current exercise against the cluster.", "Exit code 1 when a check fails."})
public final class Check implements Callable<Integer> {
  @ParentCommand
  private Main main;

  @Override
  public Integer call() {
    App app = main.app();
    dev.kubelab.runner.exam.ExamClock.refuseDuringExam(app, "checks");
    return Grading.checkAndReport(app, Current.require(app));
  }
}
