package dev.kubelab.runner.classroom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelab.labs.classroom.Gradebook;
import dev.kubelab.runner.render.Ansi;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GradebookWritersTest {
  static final Gradebook BOOK = new Gradebook("c1", "basics/config", "2026-03-01T10:00:00Z",
      List.of(new Gradebook.Column("basics/config", "colour", "Paint it <blue>", 2)),
      List.of(new Gradebook.Row("s1", "Ada \"The\" First", "ada@example.org", "class-c1-s1", Gradebook.CLUSTER,
              List.of(new Gradebook.Cell(1.5, 2, false, List.of(new Gradebook.Failure("colour-blue", "expected 'blue', found '<script>'")))), 1.5, null),
          new Gradebook.Row("s2", "@Bob", null, "class-c1-s2", Gradebook.CLUSTER, List.of(new Gradebook.Cell(2, 2, true, List.of())), 2, "lab x: forbidden")),
      new Gradebook.Stats(12, 8, 2));

  /** The same class with a chapter lab left out, and s1 having applied the solution. */
  static final Gradebook CHAPTER = new Gradebook("c1", "basics", "2026-03-01T10:00:00Z", BOOK.columns(),
      List.of(new Gradebook.Row("s1", "Ada", null, "class-c1-s1", Gradebook.CLUSTER,
          List.of(new Gradebook.Cell(2, 2, true, List.of(), "applied")), 2, null),
          new Gradebook.Row("s2", "Bob", null, "class-c1-s2", Gradebook.CLUSTER, List.of(new Gradebook.Cell(0, 2, false, List.of())), 0, null)),
      BOOK.stats(), List.of(new Gradebook.LeftOut("basics/wide", "it uses 2 namespaces")));

  @Test
  void labsLeftOutAndSolutionsUsedAreInEveryFormatAndAbsentWhenThereAreNone() {
    List<String> csv = GradebookCsv.render(CHAPTER).lines().toList();
    assertThat(csv.get(0)).isEqualTo("student,name,email,source,basics/config/colour (2),basics/wide (left out: it uses 2 namespaces),"
        + "total,max,error,solutions");
    assertThat(csv.get(1)).isEqualTo("s1,Ada,,cluster,2,,2,2,,basics/config/colour applied");
    assertThat(csv.get(2)).isEqualTo("s2,Bob,,cluster,0,,0,2,,");
    assertThat(GradebookJson.render(CHAPTER)).contains("\"leftOut\" : [ {", "\"reason\" : \"it uses 2 namespaces\"", "\"solution\" : \"applied\"");
    assertThat(GradebookHtml.render(CHAPTER)).contains("Left out, because", "<code>basics/wide</code>: it uses 2 namespaces",
        "title=\"solution applied\"", "· solution applied");
    String table = String.join("\n", ClassTable.lines(CHAPTER, new Ansi(false)));
    assertThat(table).contains("✔a", "left out: basics/wide — it uses 2 namespaces", "a: applied it");
    // none of it when nothing was left out and no solution used
    assertThat(GradebookCsv.render(BOOK)).doesNotContain("left out", "solutions");
    assertThat(GradebookHtml.render(BOOK)).doesNotContain("Left out", "solution applied", "solution viewed");
    assertThat(String.join("\n", ClassTable.lines(BOOK, new Ansi(false)))).doesNotContain("left out", "a: applied");
  }

  @Test
  void csvHasAColumnPerExerciseATotalAndDefusesFormulas() {
    List<String> lines = GradebookCsv.render(BOOK).lines().toList();
    assertThat(lines.get(0)).isEqualTo("student,name,email,source,basics/config/colour (2),total,max,error");
    assertThat(lines.get(1)).isEqualTo("s1,\"Ada \"\"The\"\" First\",ada@example.org,cluster,1.50,1.50,2,");
    assertThat(lines.get(2)).isEqualTo("s2,'@Bob,,cluster,2,2,2,lab x: forbidden");
  }

  @Test
  void jsonHasEveryField() {
    String json = GradebookJson.render(BOOK);
    assertThat(json).contains("\"className\" : \"c1\"", "\"maxTotal\" : 2", "\"peakConcurrency\" : 2", "\"source\" : \"cluster\"",
        "\"check\" : \"colour-blue\"", "\"note\"");
  }

  @Test
  void htmlEscapesEverythingAndShowsFailedChecks() {
    String html = GradebookHtml.render(BOOK);
    assertThat(html).contains("Ada &quot;The&quot; First", "Paint it &lt;blue&gt;", "found &#39;&lt;script&gt;&#39;", "colour-blue",
        "Could not be graded: lab x: forbidden").doesNotContain("<script>");
  }

  @Test
  void htmlRendersStrictlyAMissingValueIsAnError() {
    Map<String, Object> model = new java.util.HashMap<>(GradebookJson.model(BOOK));
    model.remove("scope");
    assertThatThrownBy(() -> GradebookHtml.render(model)).hasMessageContaining("scope");
  }

  @Test
  void theTerminalTableMarksPassesAndTotals() {
    List<String> lines = ClassTable.lines(BOOK, new Ansi(false));
    assertThat(lines.get(0)).contains("student", "E1", "total");
    assertThat(lines.get(1)).contains("s1", "✘", "1.50/2");
    assertThat(lines.get(2)).contains("s2", "✔", "2/2", "error: lab x: forbidden");
    assertThat(String.join("\n", lines)).contains("E1   basics/config/colour (2 pts): 1 of 2 passed", "1 of 2 student(s) passed everything");
  }

  @Test
  void htmlShowsWhenItWasGradedInLocalTimeToTheMinute() {
    String local = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(java.time.ZoneId.systemDefault())
        .format(java.time.Instant.parse("2026-03-01T10:00:00Z"));
    assertThat(GradebookHtml.render(BOOK)).contains("Graded " + local + " (local time)").doesNotContain("10:00:00Z");
  }
}
