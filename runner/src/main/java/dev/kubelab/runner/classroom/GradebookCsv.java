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
    header.addAll(List.of("total", "max", "error"));
    line(out, header);
    for (Gradebook.Row r : book.rows()) {
      List<String> cells = new ArrayList<>(List.of(r.student(), r.name(), r.email() == null ? "" : r.email(), r.source()));
      for (Gradebook.Cell c : r.cells()) cells.add(number(c.score()));
      cells.addAll(List.of(number(r.total()), String.valueOf(book.maxTotal()), r.error() == null ? "" : r.error()));
      line(out, cells);
    }
    return out.toString();
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
