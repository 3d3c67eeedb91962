package dev.kubelab.runner.classroom;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.kubelab.labs.classroom.Gradebook;
import java.util.LinkedHashMap;
import java.util.Map;

/** The gradebook as JSON, every field of it, with a note on what "self-reported" means. */
public final class GradebookJson {
  static final String NOTE = "Rows with source 'cluster' were graded by kubelab on the shared cluster."
      + " Rows with source 'self-reported' come from the student's own export and cannot be verified:"
      + " only shared-cluster grading is tamper-resistant.";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private GradebookJson() {}

  public static String render(Gradebook book) {
    return JSON.valueToTree(model(book)).toPrettyString();
  }

  /** The gradebook as maps and lists (also the HTML template's model). */
  @SuppressWarnings("unchecked")
  static Map<String, Object> model(Gradebook book) {
    Map<String, Object> m = new LinkedHashMap<>(JSON.convertValue(book, Map.class));
    m.put("maxTotal", book.maxTotal());
    m.put("note", NOTE);
    return m;
  }
}
