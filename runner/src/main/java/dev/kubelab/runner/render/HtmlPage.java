package dev.kubelab.runner.render;

import freemarker.core.HTMLOutputFormat;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Locale;
import java.util.Map;

/**
 * A self-contained HTML page (reports, gradebooks) from a classpath template, rendered strictly:
 * every value is HTML-escaped and a missing one is an error, never a blank.
 */
public final class HtmlPage {
  private final Configuration config;
  private final String what;

  /**
   * @param folder       the templates' classpath folder, e.g. "kubelab/report"
   * @param numberFormat how numbers print (null: FreeMarker's default)
   * @param what         what the page is, for error messages ("the exam report")
   */
  public HtmlPage(String folder, String numberFormat, String what) {
    this.what = what;
    config = new Configuration(Configuration.VERSION_2_3_34);
    config.setClassLoaderForTemplateLoading(HtmlPage.class.getClassLoader(), folder);
    config.setOutputFormat(HTMLOutputFormat.INSTANCE);
    config.setAutoEscapingPolicy(Configuration.ENABLE_IF_SUPPORTED_AUTO_ESCAPING_POLICY);
    config.setRecognizeStandardFileExtensions(true);
    config.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
    config.setLogTemplateExceptions(false);
    config.setWrapUncheckedExceptions(true);
    config.setFallbackOnNullLoopVariable(false);
    config.setDefaultEncoding("UTF-8");
    config.setLocale(Locale.ROOT);
    if (numberFormat != null) config.setNumberFormat(numberFormat);
  }

  public String render(String template, Map<String, Object> model) {
    try {
      Template t = config.getTemplate(template);
      StringWriter out = new StringWriter();
      t.process(model, out);
      return out.toString();
    } catch (TemplateException | IOException e) {
      String m = e.getMessage() == null ? e.toString() : e.getMessage().strip();
      throw new IllegalStateException(what + " template failed: " + m.lines().limit(2).reduce((a, b) -> a + " " + b).orElse(m), e);
    }
  }
}
