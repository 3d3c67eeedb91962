package dev.kubelab.runner.command;

import dev.kubelab.labs.api.CheckResult;
import dev.kubelab.labs.api.CheckSpec;
import dev.kubelab.labs.api.Exercise;
import dev.kubelab.labs.api.ExerciseResult;
import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.labs.engine.LabEngine;
import dev.kubelab.labs.grade.LearnerState;
import dev.kubelab.runner.App;
import dev.kubelab.runner.progress.ExerciseRecord;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/** Grades the current exercise, records the result in the progress, and says what passed and what did not. */
final class Grading {
  private static final String INDENT = "           ";
  private Grading() {}

  /** Grades, records, prints; the exit code is 1 when a check fails. */
  static int checkAndReport(App app, Current c) {
    return checkAndReport(app, c, null);
  }

  /** As {@link #checkAndReport(App, Current)}; {@code answered} is the question just answered, whose explanation shows once right. */
  static int checkAndReport(App app, Current c, String answered) {
    ExerciseResult result = grade(app, c);
    record(app, c, result);
    print(app, c, result, answered);
    return result.passed() ? 0 : KubelabException.FAILED;
  }

  static ExerciseResult grade(App app, Current c) {
    LabEngine engine = app.engine();
    if (!engine.namespaceExists(c.placement())) {
      throw KubelabException.environment("lab " + c.lab().id() + " is not set up on this cluster (there is no namespace "
          + c.placement().main() + ")", "'start " + c.lab().id() + "' sets it up again; your progress is kept");
    }
    java.util.List<String> unhealthy = engine.health(c.lab());
    if (!unhealthy.isEmpty()) {
      // grading through a broken add-on would blame the learner for the reconciler's state
      throw KubelabException.environment("lab " + c.lab().id() + " cannot be graded right now: " + String.join("; ", unhealthy),
          "'kubectl get pods -A' shows what is not running; 'start " + c.lab().id() + "' installs what is missing");
    }
    LearnerState learner = app.namespacedMode().isPresent() ? inNamespace(engine, c) : c.learner();
    return engine.grade(c.lab(), c.exercise(), c.placement(), learner);
  }

  /**
   * Namespaced mode (a class): the learner as their namespace records them, which is what the
   * instructor grades with, so both count the same. Answers kept here that the namespace lacks
   * are sent there first.
   */
  private static LearnerState inNamespace(LabEngine engine, Current c) {
    Map<String, String> recorded = engine.recordedAnswers(c.lab(), c.placement());
    Map<String, String> merged = new LinkedHashMap<>(recorded);
    merged.putAll(c.record().answers());
    if (!merged.equals(recorded)) engine.recordAnswers(c.lab(), c.placement(), merged);
    return engine.recordedLearner(c.lab(), c.placement());
  }

  static void record(App app, Current c, ExerciseResult result) {
    ExerciseRecord rec = c.exerciseRecord();
    rec.bestScore = Math.max(rec.bestScore, result.score());
    if (result.passed() && !rec.passed) {
      rec.passed = true;
      rec.passedAt = app.clock().instant().toString();
    }
    app.progress().save();
  }

  static void print(App app, Current c, ExerciseResult result) {
    print(app, c, result, null);
  }

  static void print(App app, Current c, ExerciseResult result, String answered) {
    PrintWriter out = app.out();
    out.println(app.ansi().bold("Exercise " + c.position() + " · " + c.exercise().title()));
    for (CheckResult check : result.checks()) {
      out.println(line(app, check, result));
      // a question's explanation states its answer: it shows once the question is answered right
      boolean why = check.question() ? check.passed() && check.id().equals(answered) : check.status() == CheckResult.Status.FAILED;
      if (why && check.explain() != null) {
        out.println(app.markdown().render(check.explain(), "      " + app.ansi().dim("why: "), INDENT));
      }
      if (check.status() == CheckResult.Status.FAILED) {
        c.exercise().check(check.id()).map(CheckSpec::hint).ifPresent(h ->
            out.println(app.markdown().render(c.render(app, h), "      " + app.ansi().yellow("hint: "), INDENT)));
      }
    }
    out.println(summary(app, c, result));
    out.flush();
  }

  /**
   * One check's line in this result: a guard that holds while the exercise shows no progress is
   * true, but not the learner's doing yet, so it earns nothing and says so.
   */
  static String line(App app, CheckResult check, ExerciseResult result) {
    if (!check.passed() || !check.guard() || result.progress(java.util.Set.of())) return line(app, check);
    return app.markdown().render("already true when the lab started; counts once the task shows progress",
        "  " + app.ansi().dim("·") + " " + app.ansi().bold(check.id()) + "  ", "      ");
  }

  private static String line(App app, CheckResult check) {
    String mark = switch (check.status()) {
      case PASSED -> app.ansi().green("✔");
      case FAILED -> app.ansi().red("✘");
      case SKIPPED -> app.ansi().yellow("○");
    };
    String detail = check.status() == CheckResult.Status.SKIPPED ? "skipped: " + check.detail() : check.detail();
    // the detail is plain text quoting names and values: escaped, so only the wrapping applies
    String plain = detail == null ? "" : detail.replaceAll("([\\\\`*_\\[\\]<>#!|~])", "\\\\$1");
    return app.markdown().render(plain, "  " + mark + " " + app.ansi().bold(check.id()) + "  ", "      ");
  }

  private static String summary(App app, Current c, ExerciseResult result) {
    String score = TaskView.score(result.score(), result.points());
    if (!result.passed()) {
      long failing = result.failedCount();
      return app.ansi().red("✘ ") + score + " · " + failing + " of " + result.checks().size() + " checks still failing"
          + app.ansi().dim(" · 'hint' helps, 'watch' re-checks as you work");
    }
    int next = c.index() + 1;
    String after;
    if (next < c.lab().exercises().size()) {
      Exercise n = c.lab().exercises().get(next);
      after = "'next' moves on to: " + n.title();
    } else {
      after = "that was the last exercise of " + c.lab().id() + " (" + TaskView.score(c.record().score(), c.lab().points())
          + "); 'list' shows the other labs";
    }
    return app.ansi().green("✔ Exercise passed: ") + score + app.ansi().dim(" · " + after);
  }
}
