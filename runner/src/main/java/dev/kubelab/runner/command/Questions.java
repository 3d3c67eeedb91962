package dev.kubelab.runner.command;

import dev.kubelab.labs.api.CheckSpec;
import dev.kubelab.labs.api.Exercise;
import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.runner.Suggestions;
import dev.kubelab.runner.render.Markdown;
import java.io.PrintWriter;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The questions of an exercise as the learner reads them. Instructions usually pose a question in
 * its place among the steps ("answer placement &lt;number&gt;" and the options); such a question is
 * not shown a second time. One the instructions leave out is shown after them, with the one way to
 * answer it and its options, wrapped under their own indent.
 */
final class Questions {
  private Questions() {}

  static List<CheckSpec> of(Exercise exercise) {
    return exercise.checks().stream().filter(Questions::asks).toList();
  }

  static boolean asks(CheckSpec check) {
    return check.kind().equals("answer") || check.kind().equals("choice");
  }

  /** Whether the instructions already tell the learner to {@code answer} this question. */
  static boolean posedIn(String instructions, CheckSpec question) {
    return instructions != null
        && Pattern.compile("\\banswer\\s+" + Pattern.quote(question.id()) + "(?![\\w-])").matcher(instructions).find();
  }

  /** What follows the id in the command that answers it: {@code <number>}, {@code <numbers, e.g. 1,3>} or {@code <your answer>}. */
  static String usage(CheckSpec question) {
    if (!question.kind().equals("choice")) return "<your answer>";
    return question.fields().get("correct") instanceof List<?> correct && correct.size() > 1 ? "<numbers, e.g. 1,3>" : "<number>";
  }

  /**
   * Prints the questions the instructions do not pose. {@code answer} is the command before the id
   * ("answer", "exam answer 3"); {@code given} is the answer given so far to a question (null for
   * none, or when not to show it), shown under it, or on a line of its own for a question the
   * instructions pose.
   */
  static void print(PrintWriter out, Markdown md, Exercise exercise, String instructions, String answer,
      Function<Object, String> render, Function<CheckSpec, String> given) {
    for (CheckSpec q : of(exercise)) {
      String extra = given == null ? null : given.apply(q);
      if (posedIn(instructions, q)) {
        if (extra != null) out.println(md.render("Your answer to " + q.id() + ": `" + extra + "`"));
        continue;
      }
      out.println();
      out.println(md.render("**Question:** " + render.apply(q.fields().getOrDefault("question", ""))
          + "  \n`" + answer + " " + q.id() + " " + usage(q) + "`" + (extra == null ? "" : "  \nYour answer: `" + extra + "`")));
      if (q.kind().equals("choice") && q.fields().get("options") instanceof List<?> options) {
        for (int i = 0; i < options.size(); i++) {
          String number = (i + 1) + ". ";
          out.println(md.render(render.apply(options.get(i)), "  " + number, " ".repeat(2 + number.length())));
        }
      }
    }
  }

  /**
   * The error for a question id {@code where} (this exercise, task 3) does not have: the ids the
   * learner can answer, the closest first, and how to answer when there is one.
   */
  static KubelabException unknown(String typed, List<CheckSpec> questions, String answer, String where) {
    String what = "no question '" + typed + "' in " + where;
    if (questions.isEmpty()) return KubelabException.usage(what, where + " asks nothing to answer: what you do on the cluster is graded");
    List<String> ids = questions.stream().map(CheckSpec::id).toList();
    List<String> close = Suggestions.close(typed, ids);
    String guess = close.isEmpty() ? "" : "did you mean '" + close.get(0) + "'? ";
    if (questions.size() == 1) {
      CheckSpec q = questions.get(0);
      return KubelabException.usage(what, guess + (guess.isEmpty() ? where + "'s question is '" + q.id() + "': " : "")
          + "'" + answer + " " + q.id() + " " + usage(q) + "'");
    }
    return KubelabException.usage(what, guess + "its questions: " + String.join(", ", ids));
  }
}
