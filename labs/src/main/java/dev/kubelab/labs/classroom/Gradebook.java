package dev.kubelab.labs.classroom;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A class's grades for some labs: a column per exercise, a row per student. Rows graded on the
 * shared cluster have source {@code cluster}; rows imported from a student's own export have
 * source {@code self-reported} and are only as honest as the student.
 */
public record Gradebook(String className, String scope, String gradedAt, List<Column> columns, List<Row> rows, Stats stats,
    List<LeftOut> leftOut) {
  public static final String CLUSTER = "cluster";
  public static final String SELF_REPORTED = "self-reported";

  public Gradebook {
    columns = List.copyOf(columns);
    rows = List.copyOf(rows);
    leftOut = List.copyOf(leftOut);
  }

  /** A gradebook that left no lab out. */
  public Gradebook(String className, String scope, String gradedAt, List<Column> columns, List<Row> rows, Stats stats) {
    this(className, scope, gradedAt, columns, rows, stats, List.of());
  }

  /** A lab of the scope that was not graded, and why (it cannot run in a student's namespace). */
  /** A lab, or one exercise of a lab ("lab/exercise"), that the gradebook leaves out, and why. */
  public record LeftOut(String lab, String reason) {}

  /** One exercise. */
  public record Column(String lab, String exercise, String title, int points) {
    public String key() {
      return lab + "/" + exercise;
    }
  }

  /** One student: a cell per column (same order), the total, and an error when they could not be graded. */
  public record Row(String student, String name, String email, String namespace, String source, List<Cell> cells, double total, String error) {}

  /**
   * One exercise of one student: score of points, each failed check with what it found, and how
   * the student used the reference solution ({@code viewed}, {@code applied}, or null for not at all).
   */
  public record Cell(double score, int points, boolean passed, List<Failure> failed, String solution) {
    public Cell(double score, int points, boolean passed, List<Failure> failed) {
      this(score, points, passed, failed, null);
    }
  }

  public record Failure(String check, String detail) {}

  /** How the grading ran: wall time, the concurrency bound, and the most students graded at once. */
  public record Stats(long wallMillis, int parallel, int peakConcurrency) {}

  public int maxTotal() {
    return columns.stream().mapToInt(Column::points).sum();
  }

  /**
   * This gradebook with self-reported rows added for students it has no cluster row for; the
   * reports' exercises are matched to this gradebook's columns.
   */
  public Gradebook withSelfReported(List<SelfReport> reports) {
    List<Row> all = new ArrayList<>(rows);
    for (SelfReport r : reports) {
      if (rows.stream().anyMatch(x -> x.student().equals(r.student()) && x.source().equals(CLUSTER))) continue;
      all.removeIf(x -> x.student().equals(r.student()));
      List<Cell> cells = new ArrayList<>();
      double total = 0;
      for (Column c : columns) {
        Map<String, SelfReport.Result> ex = r.labs().getOrDefault(c.lab(), Map.of());
        SelfReport.Result res = ex.get(c.exercise());
        double score = res == null ? 0 : Math.min(res.score(), c.points());
        cells.add(new Cell(score, c.points(), res != null && res.passed(), List.of()));
        total += score;
      }
      all.add(new Row(r.student(), r.name() == null ? r.student() : r.name(), null, null, SELF_REPORTED, cells, total, null));
    }
    return new Gradebook(className, scope, gradedAt, columns, all, stats, leftOut);
  }
}
