package dev.kubelab.labs.classroom;

import dev.kubelab.labs.api.KubelabException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A class roster from CSV: student id, name, email (optional), one student a line; a header row,
 * blank lines and {@code #} comments are allowed. Every bad line is reported at once, with its line
 * number, before anything is created.
 */
public record Roster(List<Student> students) {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,39}");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

  public Roster {
    students = List.copyOf(students);
  }

  /** Parses a roster; {@code source} names it in messages (the file name). */
  public static Roster parse(String source, String text) {
    List<String> problems = new ArrayList<>();
    List<Student> students = new ArrayList<>();
    Map<String, Integer> keys = new HashMap<>();
    String[] lines = text.split("\r\n|\n|\r", -1);
    boolean first = true;
    for (int i = 0; i < lines.length; i++) {
      int n = i + 1;
      String line = i == 0 && lines[0].startsWith("\uFEFF") ? lines[0].substring(1) : lines[i];
      if (line.isBlank() || line.strip().startsWith("#")) continue;
      List<String> cols;
      try {
        cols = split(line);
      } catch (IllegalArgumentException e) {
        problems.add(source + ":" + n + ": " + e.getMessage());
        first = false;
        continue;
      }
      if (first) {
        first = false;
        if (isHeader(cols)) continue;
      }
      if (cols.size() < 2 || cols.size() > 3) {
        problems.add(source + ":" + n + ": expected student id, name and (optionally) email, found " + cols.size() + " column(s)");
        continue;
      }
      String id = cols.get(0).strip();
      String name = cols.get(1).strip();
      String email = cols.size() > 2 && !cols.get(2).isBlank() ? cols.get(2).strip() : null;
      int before = problems.size();
      if (!ID.matcher(id).matches()) {
        problems.add(source + ":" + n + ": student id '" + id + "' must be 1 to 40 letters, digits, '.', '_' or '-', starting with a letter or digit");
      } else {
        Integer seen = keys.putIfAbsent(Naming.studentKey(id), n);
        if (seen != null) problems.add(source + ":" + n + ": student id '" + id + "' is already used on line " + seen);
      }
      if (name.isEmpty()) problems.add(source + ":" + n + ": the student's name is empty");
      if (email != null && !EMAIL.matcher(email).matches()) problems.add(source + ":" + n + ": '" + email + "' is not an email address");
      if (problems.size() == before) students.add(new Student(id, name, email));
    }
    if (problems.isEmpty() && students.isEmpty()) problems.add(source + ": no students in the roster");
    if (!problems.isEmpty()) {
      throw KubelabException.usage("the roster has " + problems.size() + " problem(s); nothing was created:\n  "
          + String.join("\n  ", problems), "fix those lines (columns: student id, name, email) and run 'class create' again");
    }
    return new Roster(students);
  }

  private static boolean isHeader(List<String> cols) {
    String c = cols.get(0).strip().toLowerCase().replaceAll("[^a-z]", "");
    return c.equals("id") || c.equals("studentid") || c.equals("student");
  }

  /** One CSV line: commas separate, double quotes enclose (a doubled quote is a quote). */
  static List<String> split(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cur.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cur.append(c);
        }
      } else if (c == '"' && cur.toString().isBlank()) {
        quoted = true;
        cur.setLength(0);
      } else if (c == ',') {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    if (quoted) throw new IllegalArgumentException("a quoted field is not closed (a field cannot span lines)");
    out.add(cur.toString());
    return out;
  }
}
