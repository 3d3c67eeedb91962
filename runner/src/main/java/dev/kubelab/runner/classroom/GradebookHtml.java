package dev.kubelab.runner.classroom;

import dev.kubelab.labs.classroom.Gradebook;
import freemarker.core.HTMLOutputFormat;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Map;

/**
 * The gradebook as one self-contained HTML page (no scripts, no external files), rendered
 * strictly: every value is HTML-escaped and a missing value is an error, never a blank.
 */
public final class GradebookHtml {
  static final String TEMPLATE = "gradebook.html.ftlh";
  private static final Configuration CONFIG = configuration();

  private GradebookHtml() {}

  static Configuration configuration() {
    Configuration c = new Configuration(Configuration.VERSION_2_3_34);
    c.setClassForTemplateLoading(GradebookHtml.class, "/kubelab/classroom");
    c.setOutputFormat(HTMLOutputFormat.INSTANCE);
    c.setAutoEscapingPolicy(Configuration.ENABLE_IF_SUPPORTED_AUTO_ESCAPING_POLICY);
    c.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
    c.setLogTemplateExceptions(false);
    c.setWrapUncheckedExceptions(true);
    c.setFallbackOnNullLoopVariable(false);
    c.setDefaultEncoding("UTF-8");
    return c;
  }

  public static String render(Gradebook book) {
    return render(GradebookJson.model(book));
  }

  static String render(Map<String, Object> model) {
    try {
      Template t = CONFIG.getTemplate(TEMPLATE);
      StringWriter out = new StringWriter();
      t.process(model, out);
      return out.toString();
    } catch (IOException | TemplateException e) {
      throw new IllegalStateException("the gradebook template failed: " + e.getMessage(), e);
    }
  }
}
