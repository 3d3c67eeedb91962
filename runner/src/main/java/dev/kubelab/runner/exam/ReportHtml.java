package dev.kubelab.runner.exam;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.kubelab.labs.exam.ExamReport;
import dev.kubelab.runner.render.HtmlPage;
import java.util.List;
import java.util.Map;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * The report as one self-contained HTML page (styles inline, nothing fetched), rendered strictly:
 * a missing variable is an error, and every value is HTML-escaped (the template is {@code .ftlh}).
 * The template sees the same fields as report.json, plus each task's solution as HTML.
 */
public final class ReportHtml {
  static final String TEMPLATE = "report.ftlh";
  private static final HtmlPage PAGE = new HtmlPage("kubelab/report", "0.#", "the exam report");

  private ReportHtml() {}

  public static String render(ExamReport report) {
    Map<String, Object> model = AttemptStore.Json.MAPPER.convertValue(report, new TypeReference<Map<String, Object>>() {});
    var tables = java.util.List.of(org.commonmark.ext.gfm.tables.TablesExtension.create());
    Parser parser = Parser.builder().extensions(tables).build();
    HtmlRenderer html = HtmlRenderer.builder().extensions(tables).escapeHtml(true).build();
    if (model.get("tasks") instanceof List<?> tasks) {
      for (Object t : tasks) {
        @SuppressWarnings("unchecked")
        Map<String, Object> task = (Map<String, Object>) t;
        task.put("solutionHtml", html.render(parser.parse(String.valueOf(task.get("solution")))));
      }
    }
    return render(model);
  }

  /** Renders a model with the fields of report.json (and solutionHtml per task); a missing one is an error. */
  static String render(Map<String, Object> model) {
    return PAGE.render(TEMPLATE, model);
  }
}
