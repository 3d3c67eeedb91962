package dev.kubelab.labs.check.kinds;

import dev.kubelab.labs.check.Check;
import dev.kubelab.labs.check.CheckKind;
import dev.kubelab.labs.check.Outcome;
import dev.kubelab.labs.check.Params;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/** A multiple-choice question: the learner picks options by number ("2" or "1,3"). */
public final class Choice implements CheckKind {
  @Override
  public String name() {
    return "choice";
  }

  @Override
  public Check create(Params p) {
    p.string("question");
    List<String> options = p.strings("options");
    if (options.size() < 2) p.problem("options", "needs at least two options");
    TreeSet<Integer> correct = new TreeSet<>();
    for (String c : p.strings("correct")) {
      Integer n = number(c);
      if (n == null || n < 1 || n > options.size()) p.problem("correct", "'" + c + "' is not an option number from 1 to " + options.size());
      else correct.add(n);
    }
    if (correct.isEmpty()) p.problem("correct", "is required: the numbers of the right options");
    return ctx -> {
      Optional<String> given = ctx.answer();
      if (given.isEmpty()) return Outcome.fail("no answer yet: type 'answer <check-id> <option numbers>'");
      TreeSet<Integer> picked = new TreeSet<>();
      for (String s : given.get().split("[,\\s]+")) {
        Integer n = number(s);
        if (n == null || n < 1 || n > options.size()) {
          return Outcome.fail("'" + s + "' is not an option: answer with numbers from 1 to " + options.size());
        }
        picked.add(n);
      }
      if (picked.equals(correct)) return Outcome.pass("right");
      return Outcome.fail("option" + (picked.size() > 1 ? "s " : " ") + picked + " " + (picked.size() > 1 ? "are" : "is")
          + " not the answer" + (correct.size() > 1 ? " (more than one option is right)" : ""));
    };
  }

  private static Integer number(String s) {
    try {
      return Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
