package dev.kubelab.runner.classroom;

import dev.kubelab.labs.classroom.Gradebook;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The gradebook as CSV for a spreadsheet: one row per student, a column per exercise, then the total. */
public final class GradebookCsv {
  private GradebookCsv() {}

  public static String render(Gradebook book) {
    StringBuilder out = new StringBuilder();
    List<String> header = new ArrayList<>(List.of("student", "name", "email", "source"));
    for (Gradebook.Column c : book.columns()) header.add(c.key() + " (" + c.points() + ")");
    // a lab left out keeps a column, empty, whose header says why: the spreadsheet shows it was not forgotten
    for (Gradebook.LeftOut l : book.leftOut()) header.add(l.lab() + " (left out: " + l.reason() + ")");
    header.addAll(List.of("total", "max", "error"));
    boolean solutions = book.rows().stream().anyMatch(r -> r.cells().stream().anyMatch(c -> c.solution() != null));
    if (solutions) header.add("solutions");
    line(out, header);
    for (Gradebook.Row r : book.rows()) {
      List<String> cells = new ArrayList<>(List.of(r.student(), r.name(), r.email() == null ? "" : r.email(), r.source()));
      for (Gradebook.Cell c : r.cells()) cells.add(number(c.score()));
      for (int i = 0; i < book.leftOut().size(); i++) cells.add("");
      cells.addAll(List.of(number(r.total()), String.valueOf(book.maxTotal()), r.error() == null ? "" : r.error()));
      if (solutions) cells.add(solutions(book, r));
      line(out, cells);
    }
    return out.toString();
  }

  /** "lab/exercise applied; lab/exercise viewed": the reference solutions the student used. */
  static String solutions(Gradebook book, Gradebook.Row r) {
    List<String> used = new ArrayList<>();
    for (int i = 0; i < r.cells().size(); i++) {
      if (r.cells().get(i).solution() != null) used.add(book.columns().get(i).key() + " " + r.cells().get(i).solution());
    }
    return String.join("; ", used);
  }

  static String number(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.format(Locale.ROOT, "%.2f", d);
  }

  private static void line(StringBuilder out, List<String> cells) {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) out.append(',');
      out.append(escape(cells.get(i)));
    }
    out.append("\r\n");
  }

  /** Quotes where needed; a leading =, +, - or @ is defused, so a spreadsheet never runs a name as a formula. */
  static String escape(String s) {
    String v = s;
    if (!v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0 && !v.matches("-?[0-9.]+")) v = "'" + v;
    if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) v = "\"" + v.replace("\"", "\"\"") + "\"";
    return v;
  }
}
