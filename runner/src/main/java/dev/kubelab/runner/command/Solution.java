package dev.kubelab.runner.command;

import dev.kubelab.labs.engine.LabEngine;
import dev.kubelab.labs.engine.LabText;
import dev.kubelab.runner.App;
import dev.kubelab.runner.Main;
import dev.kubelab.runner.progress.ExerciseRecord;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Shows (and on request applies) the reference solution; viewing it is allowed and recorded. */
@Command(name = "solution", mixinStandardHelpOptions = true,
    description = {"Show the reference solution of the current exercise.",
        "Allowed, and recorded in your progress (in a class, also in your namespace, where your instructor sees it)."})
public final class Solution implements Callable<Integer> {
  @ParentCommand
  private Main main;

  @Option(names = "--apply", description = "also apply it to the cluster (and give its answers)")
  private boolean apply;

  @Override
  public Integer call() {
    App app = main.app();
    dev.kubelab.runner.exam.ExamClock.refuseDuringExam(app, "solutions");
    Current c = Current.require(app);
    // showing the text needs no cluster; only --apply does
    String text = new LabText(app.templates()).solution(c.exercise(), c.placement(), c.model(app));
    ExerciseRecord rec = c.exerciseRecord();
    rec.solutionViewed = true;
    app.progress().save();
    // namespaced mode (a class): the instructor's gradebook shows who used a solution, so it is kept in the namespace
    boolean inClass = app.namespacedMode().isPresent();
    if (inClass) app.engine().recordSolution(c.lab(), c.placement(), c.exercise().id(), LabEngine.SOLUTION_VIEWED);
    app.out().println(app.ansi().bold("Solution · " + c.exercise().title()));
    app.out().println();
    app.out().println(app.markdown().render(text.isBlank() ? "_This exercise's solution has nothing to show._" : text));
    if (apply) {
      LabEngine engine = app.engine();
      app.out().println();
      engine.applySolution(c.lab(), c.exercise(), c.placement(), line -> app.out().println(app.ansi().dim("  " + line)));
      engine.solutionAnswers(c.lab(), c.exercise(), c.placement())
          .forEach((key, value) -> rec.answers.put(key.substring(key.indexOf('/') + 1), value));
      app.progress().save();
      if (inClass) {
        engine.recordAnswers(c.lab(), c.placement(), c.record().answers());
        engine.recordSolution(c.lab(), c.placement(), c.exercise().id(), LabEngine.SOLUTION_APPLIED);
      }
      app.out().println("Applied. 'check' grades it (a real cluster may need a few seconds to settle).");
    }
    return 0;
  }
}
