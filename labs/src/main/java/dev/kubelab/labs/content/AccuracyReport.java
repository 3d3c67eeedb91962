package dev.kubelab.labs.content;

import dev.kubelab.labs.api.Chapter;
import dev.kubelab.labs.api.CheckSpec;
import dev.kubelab.labs.api.Course;
import dev.kubelab.labs.api.Exercise;
import dev.kubelab.labs.api.Lab;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * How well the course proves its grading, per chapter: exercises, those that read the cluster,
 * their known-wrong cases, and the check kinds that guard them. Exercises that read the cluster
 * but carry no wrong case are listed, since nothing proves their checks cannot be fooled.
 */
public record AccuracyReport(List<Row> rows, List<String> withoutWrongCases) {

  /** One chapter: {@code quizOnly} exercises have questions and no cluster check. */
  public record Row(String chapter, int exercises, int readCluster, int quizOnly, int withWrongCases, int wrongCases,
      List<String> kinds) {}

  public static AccuracyReport of(Course course) {
    List<Row> rows = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (Chapter chapter : course.chapters()) {
      int exercises = 0;
      int cluster = 0;
      int quiz = 0;
      int covered = 0;
      int cases = 0;
      TreeSet<String> kinds = new TreeSet<>();
      for (Lab lab : chapter.labs()) {
        for (Exercise e : lab.exercises()) {
          exercises++;
          boolean readsCluster = e.checks().stream().anyMatch(c -> !c.question());
          if (readsCluster) cluster++;
          else quiz++;
          cases += e.wrong().size();
          if (!e.wrong().isEmpty()) covered++;
          else if (readsCluster) missing.add(lab.id() + "/" + e.id());
          e.checks().stream().filter(c -> !c.question()).map(CheckSpec::kind).forEach(kinds::add);
        }
      }
      rows.add(new Row(chapter.id(), exercises, cluster, quiz, covered, cases, List.copyOf(kinds)));
    }
    return new AccuracyReport(List.copyOf(rows), List.copyOf(missing));
  }

  /** The report as a Markdown table, for `validate` and content/README.md. */
  public String markdown() {
    StringBuilder sb = new StringBuilder("| chapter | exercises | read the cluster | quiz only | with wrong cases | wrong cases | check kinds |\n")
        .append("| --- | --- | --- | --- | --- | --- | --- |\n");
    for (Row r : rows) {
      sb.append("| ").append(r.chapter()).append(" | ").append(r.exercises()).append(" | ").append(r.readCluster()).append(" | ")
          .append(r.quizOnly()).append(" | ").append(r.withWrongCases()).append(" | ").append(r.wrongCases()).append(" | ")
          .append(String.join(", ", r.kinds())).append(" |\n");
    }
    return sb.toString();
  }
}
