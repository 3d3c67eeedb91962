package dev.kubelab.runner.exam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubelab.labs.api.CheckResult;
import dev.kubelab.labs.exam.DrawnTask;
import dev.kubelab.labs.exam.ExamDefinition;
import dev.kubelab.labs.exam.ExamReport;
import dev.kubelab.labs.exam.Scoring;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report files: the JSON fields the README documents, and an HTML page rendered strictly and escaped. */
class ExamReportFilesTest {
  @TempDir
  Path tmp;

  static ExamReport report() {
    ExamDefinition exam = new ExamDefinition("x", "X <exam>", "", 60, 66, List.of(
        new ExamDefinition.Domain("d", "Domain & co", 10, 1, List.of()), new ExamDefinition.Domain("n", "None", 20, 0, List.of())));
    Scoring.ExamScore score = Scoring.exam(exam, List.of(new Scoring.TaskOutcome(new DrawnTask(1, "d", "ch/lab", "ex", 4), List.of(
        new CheckResult("a", "field", CheckResult.Status.PASSED, "found <b>blue</b>", null, 1),
        new CheckResult("b", "field", CheckResult.Status.FAILED, "expected <script>alert(1)</script>", "why & how", 3)), Set.of())));
    return ExamReport.of(new ExamReport.Header("x-1", "x", "X <exam>", 42, "2026-03-01T10:00:00Z", "2026-03-01T11:00:00Z",
        "2026-03-01T10:30:00.262855409Z", 60, 1800, ExamReport.SUBMITTED, "Submitted with 30m 00s left."), score,
        List.of(new ExamReport.TaskInfo("Domain & co", "Do <it>", "exam-x-1-1", true, "```yaml\nkind: <Pod>\n```\n\n<img src=x onerror=alert(1)>")));
  }

  @Test
  void theJsonHasTheDocumentedFields() throws Exception {
    AttemptStore store = new AttemptStore(tmp);
    ReportFiles.write(store, report());
    JsonNode json = new ObjectMapper().readTree(ReportFiles.json(store, "x-1").toFile());
    assertThat(names(json)).containsExactly("version", "attempt", "exam", "title", "seed", "startedAt", "deadline", "gradedAt",
        "minutes", "timeUsedSeconds", "gradedBy", "note", "score", "passMark", "passed", "domains", "tasks");
    assertThat(names(json.path("domains").get(0)))
        .containsExactly("id", "title", "weight", "share", "tasks", "earned", "possible", "percent");
    assertThat(names(json.path("tasks").get(0))).containsExactly("number", "domain", "domainTitle", "lab", "exercise", "title",
        "namespace", "points", "score", "flagged", "checks", "solution");
    assertThat(names(json.path("tasks").get(0).path("checks").get(0)))
        .containsExactly("id", "kind", "status", "weight", "earned", "detail", "explain", "note");
    // 4 pts, weight 1 of 4 passed: 1 point; the domain 25%; the only domain with tasks: 25% overall
    assertThat(json.path("score").asDouble()).isEqualTo(25.0);
    assertThat(json.path("tasks").get(0).path("score").asDouble()).isEqualTo(1.0);
    assertThat(json.path("domains").get(1).path("tasks").asInt()).isZero();
    // and it reads back as the same report
    assertThat(store.report("x-1")).contains(report());
  }

  @Test
  void theHtmlIsSelfContainedAndEscapesEverything() throws Exception {
    AttemptStore store = new AttemptStore(tmp);
    ReportFiles.write(store, report());
    String html = Files.readString(ReportFiles.html(store, "x-1"));
    assertThat(html).startsWith("<!DOCTYPE html>").contains("<style>", "25% · FAIL", "X &lt;exam&gt;", "Domain &amp; co",
        "expected &lt;script&gt;alert(1)&lt;/script&gt;", "kind: &lt;Pod&gt;", "&lt;img src=x onerror=alert(1)&gt;",
        "no tasks in this course yet", "seed 42", "⚑");
    assertThat(html).doesNotContain("<script", "<img", "http://", "https://");
    java.time.format.DateTimeFormatter local = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
        .withZone(java.time.ZoneId.systemDefault());
    assertThat(html).contains("graded " + local.format(java.time.Instant.parse("2026-03-01T10:30:00.262855409Z")) + " (submitted; local time)",
        "deadline " + local.format(java.time.Instant.parse("2026-03-01T11:00:00Z"))).doesNotContain("10:30:00.2628");
    assertThat(html).as("check ids do not wrap at their hyphens").contains(".id { white-space: nowrap; }", "<td class=\"id\"><code>a</code></td>");
  }

  @Test
  void aMissingVariableFailsTheRenderingInsteadOfPrintingNothing() {
    Map<String, Object> model = new ObjectMapper().convertValue(report(), new TypeReference<Map<String, Object>>() {});
    for (Object t : (List<?>) model.get("tasks")) {
      @SuppressWarnings("unchecked")
      Map<String, Object> task = (Map<String, Object>) t;
      task.put("solutionHtml", "<p>ok</p>");
    }
    assertThat(ReportHtml.render(model)).contains("<p>ok</p>");
    model.remove("note");
    assertThatThrownBy(() -> ReportHtml.render(model)).hasMessageContaining("==> note");
  }

  private static List<String> names(JsonNode node) {
    List<String> out = new java.util.ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) out.add(it.next());
    return out;
  }

  @Test
  void theTerminalDomainTableStaysAlignedWithLongDomainTitles() {
    ExamDefinition exam = new ExamDefinition("x", "X", "", 60, 66, List.of(
        new ExamDefinition.Domain("a", "Services and networking, with a title longer than forty characters", 10, 1, List.of()),
        new ExamDefinition.Domain("b", "Storage", 20, 1, List.of())));
    Scoring.ExamScore score = Scoring.exam(exam, List.of(
        new Scoring.TaskOutcome(new DrawnTask(1, "a", "ch/lab", "ex", 4), List.of(
            new CheckResult("c", "field", CheckResult.Status.PASSED, "ok", null, 1)), Set.of()),
        new Scoring.TaskOutcome(new DrawnTask(2, "b", "ch/lab", "ex", 4), List.of(
            new CheckResult("c", "field", CheckResult.Status.FAILED, "no", null, 1)), Set.of())));
    ExamReport r = ExamReport.of(new ExamReport.Header("x-1", "x", "X", 1, "2026-03-01T10:00:00Z", "2026-03-01T11:00:00Z",
        "2026-03-01T10:30:00Z", 60, 1800, ExamReport.SUBMITTED, ""), score, List.of(
            new ExamReport.TaskInfo("Services and networking, with a title longer than forty characters", "A", "exam-x-1-1", false, ""),
            new ExamReport.TaskInfo("Storage", "B", "exam-x-1-2", false, "")));
    java.io.StringWriter out = new java.io.StringWriter();
    dev.kubelab.runner.Environment env = new dev.kubelab.runner.Environment(new java.io.PrintWriter(out), new java.io.PrintWriter(out),
        java.util.Map.of(), tmp, java.time.Clock.systemUTC(), (o, p) -> null, false, () -> null, java.time.Duration.ofSeconds(1), false);
    dev.kubelab.runner.App app = new dev.kubelab.runner.App(new dev.kubelab.runner.Settings(tmp, null, null, null, "k3s", false,
        dev.kubelab.labs.cluster.ClusterOptions.Cgroups.PRIVATE, null, false, false, 0, false), env);
    ReportPrinter.print(app, new AttemptStore(tmp), r, false);
    List<String> lines = out.toString().lines().filter(l -> l.contains("% of the score)")).toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0).indexOf("% ")).isEqualTo(lines.get(1).indexOf("% ")).isPositive();
  }
}
