package dev.kubelab.runner.command;

import dev.kubelab.labs.api.CheckResult;
import dev.kubelab.labs.api.CheckSpec;
import dev.kubelab.labs.api.Exercise;
import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.runner.App;
import dev.kubelab.runner.Main;
import dev.kubelab.runner.progress.ExerciseRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * The next hint. Hints about what is wrong right now come first: a failing check's own hint, then
 * hints whose {@code when} check fails; then the others in the order written. None is shown twice.
 */
@Command(name = "hint", mixinStandardHelpOptions = true, description = "Show the next hint for the current exercise.")
public final class Hint implements Callable<Integer> {
  @ParentCommand
  private Main main;

  record Candidate(String key, String text) {}

  @Override
  public Integer call() {
    App app = main.app();
    dev.kubelab.runner.exam.ExamClock.refuseDuringExam(app, "hints");
    Current c = Current.require(app);
    ExerciseRecord rec = c.exerciseRecord();
    List<Candidate> order = order(c.exercise(), failing(app, c));
    Optional<Candidate> next = order.stream().filter(h -> !rec.hintsShown.contains(h.key())).findFirst();
    if (next.isEmpty()) {
      app.out().println("No more hints: you have seen all " + rec.hintsShown.size()
          + ". 'solution' shows the reference solution (that is allowed, and recorded).");
      return 0;
    }
    rec.hintsShown.add(next.get().key());
    rec.hintsUsed = rec.hintsShown.size();
    app.progress().save();
    long shown = order.stream().filter(h -> rec.hintsShown.contains(h.key())).count();
    String label = app.ansi().yellow("Hint " + shown + " of " + order.size() + ": ");
    app.out().println(app.markdown().render(c.render(app, next.get().text()), label, "  "));
    return 0;
  }

  static List<Candidate> order(Exercise ex, Set<String> failing) {
    List<Candidate> out = new ArrayList<>();
    for (CheckSpec check : ex.checks()) {
      if (check.hint() != null && failing.contains(check.id())) out.add(new Candidate("check:" + check.id(), check.hint()));
    }
    List<Exercise.Hint> hints = ex.hints();
    for (int i = 0; i < hints.size(); i++) {
      if (hints.get(i).when() != null && failing.contains(hints.get(i).when())) out.add(new Candidate(String.valueOf(i), hints.get(i).text()));
    }
    for (int i = 0; i < hints.size(); i++) {
      if (hints.get(i).when() == null || !failing.contains(hints.get(i).when())) out.add(new Candidate(String.valueOf(i), hints.get(i).text()));
    }
    return out;
  }

  /**
   * The checks failing now. Grades only when some hint depends on it and the cluster is at hand (a
   * hint is not worth starting k3s for); without an answer from the cluster, hints come in written order.
   */
  private static Set<String> failing(App app, Current c) {
    Exercise ex = c.exercise();
    boolean stateful = ex.hints().stream().anyMatch(h -> h.when() != null) || ex.checks().stream().anyMatch(s -> s.hint() != null);
    if (!stateful || !app.clusterAtHand()) return Set.of();
    try {
      return Grading.grade(app, c).checks().stream().filter(r -> !r.passed()).map(CheckResult::id).collect(Collectors.toSet());
    } catch (KubelabException e) {
      return Set.of();
    }
  }
}
