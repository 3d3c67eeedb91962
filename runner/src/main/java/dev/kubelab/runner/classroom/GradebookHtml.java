package dev.kubelab.runner.classroom;

import dev.kubelab.labs.classroom.Gradebook;
import dev.kubelab.runner.render.HtmlPage;
import java.util.Map;

/**
 * The gradebook as one self-contained HTML page (no scripts, no external files), rendered
 * strictly: every value is HTML-escaped and a missing value is an error, never a blank.
 */
public final class GradebookHtml {
  static final String TEMPLATE = "gradebook.html.ftlh";
  private static final HtmlPage PAGE = new HtmlPage("kubelab/classroom", null, "the gradebook");

  private GradebookHtml() {}

  public static String render(Gradebook book) {
    return render(GradebookJson.model(book));
  }

  static String render(Map<String, Object> model) {
    return PAGE.render(TEMPLATE, model);
  }
}
