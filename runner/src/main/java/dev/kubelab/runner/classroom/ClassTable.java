package dev.kubelab.runner.classroom;

import dev.kubelab.labs.classroom.Gradebook;
import dev.kubelab.runner.render.Ansi;
import java.util.ArrayList;
import java.util.List;

/** The gradebook as a terminal table: a row per student, ✔ / ✘ per exercise, the total. */
public final class ClassTable {
  private ClassTable() {}

  private static String solutionMark(Gradebook.Cell c, Ansi ansi) {
    if (c.solution() == null) return " ";
    return ansi.yellow(dev.kubelab.labs.engine.LabEngine.SOLUTION_APPLIED.equals(c.solution()) ? "a" : "v");
  }

  public static List<String> lines(Gradebook book, Ansi ansi) {
    int idWidth = Math.max(7, book.rows().stream().mapToInt(r -> r.student().length()).max().orElse(7));
    int nameWidth = Math.min(24, Math.max(4, book.rows().stream().mapToInt(r -> r.name().length()).max().orElse(4)));
    List<String> out = new ArrayList<>();
    StringBuilder head = new StringBuilder(String.format("%-" + idWidth + "s  %-" + nameWidth + "s", "student", "name"));
    for (int i = 0; i < book.columns().size(); i++) head.append(String.format(" %3s", "E" + (i + 1)));
    head.append("   total");
    out.add(ansi.bold(head.toString()));
    int passedAll = 0;
    for (Gradebook.Row r : book.rows()) {
      String name = r.name().length() > nameWidth ? r.name().substring(0, nameWidth - 1) + "…" : r.name();
      StringBuilder line = new StringBuilder(String.format("%-" + idWidth + "s  %-" + nameWidth + "s", r.student(), name));
      boolean all = !r.cells().isEmpty();
      for (Gradebook.Cell c : r.cells()) {
        line.append("  ").append(c.passed() ? ansi.green("✔") : ansi.red("✘")).append(solutionMark(c, ansi));
        all &= c.passed();
      }
      if (all) passedAll++;
      line.append(String.format("  %6s", GradebookCsv.number(r.total()) + "/" + book.maxTotal()));
      if (Gradebook.SELF_REPORTED.equals(r.source())) line.append(ansi.yellow("  self-reported"));
      if (r.error() != null) line.append(ansi.red("  error: ")).append(r.error());
      out.add(line.toString());
    }
    for (int i = 0; i < book.columns().size(); i++) {
      Gradebook.Column c = book.columns().get(i);
      int col = i;
      long passed = book.rows().stream().filter(r -> r.cells().get(col).passed()).count();
      out.add(ansi.dim(String.format("E%-3d %s (%d pts): %d of %d passed", i + 1, c.key(), c.points(), passed, book.rows().size())));
    }
    if (book.rows().stream().anyMatch(r -> r.cells().stream().anyMatch(c -> c.solution() != null))) {
      out.add(ansi.dim("v: the student viewed the reference solution, a: applied it (what that is worth is yours to decide)"));
    }
    for (Gradebook.LeftOut l : book.leftOut()) out.add(ansi.yellow("left out: ") + l.lab() + ansi.dim(" — " + l.reason()));
    out.add(ansi.dim(passedAll + " of " + book.rows().size() + " student(s) passed everything · graded in "
        + book.stats().wallMillis() + " ms, at most " + book.stats().parallel() + " at a time"));
    return out;
  }
}
