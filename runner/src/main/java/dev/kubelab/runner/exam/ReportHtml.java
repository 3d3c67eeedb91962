package dev.kubelab.runner.exam;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.kubelab.labs.exam.ExamReport;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import java.util.Locale;
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
  private static final Configuration CONFIG = config();

  private ReportHtml() {}

  private static Configuration config() {
    Configuration c = new Configuration(Configuration.VERSION_2_3_34);
    c.setClassLoaderForTemplateLoading(ReportHtml.class.getClassLoader(), "kubelab/report");
    c.setDefaultEncoding("UTF-8");
    c.setRecognizeStandardFileExtensions(true);
    c.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
    c.setLogTemplateExceptions(false);
    c.setWrapUncheckedExceptions(true);
    c.setFallbackOnNullLoopVariable(false);
    c.setLocale(Locale.ROOT);
    c.setNumberFormat("0.#");
    return c;
  }

  public static String render(ExamReport report) {
    Map<String, Object> model = AttemptStore.JSON.convertValue(report, new TypeReference<Map<String, Object>>() {});
    Parser parser = Parser.builder().build();
    HtmlRenderer html = HtmlRenderer.builder().escapeHtml(true).build();
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
    try {
      Template t = CONFIG.getTemplate(TEMPLATE);
      StringWriter out = new StringWriter();
      t.process(model, out);
      return out.toString();
    } catch (TemplateException | IOException e) {
      String m = e.getMessage() == null ? e.toString() : e.getMessage().strip();
      throw new IllegalStateException("the exam report template failed: " + m.lines().limit(2).reduce((a, b) -> a + " " + b).orElse(m), e);
    }
  }
}
