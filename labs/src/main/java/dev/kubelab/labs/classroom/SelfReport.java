package dev.kubelab.labs.classroom;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubelab.labs.api.KubelabException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A student's progress as exported from their own cluster ({@code kubelab report}): what their
 * local kubelab recorded. The instructor cannot re-check it, so it is marked self-reported.
 *
 * @param labs lab id → exercise id → result
 */
public record SelfReport(String student, String name, String exportedAt, Map<String, Map<String, Result>> labs) {
  public static final String FORMAT = "kubelab-progress/1";
  private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public record Result(boolean passed, double score, String passedAt) {}

  /** The export as JSON text. */
  public String toJson() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("format", FORMAT);
    root.put("student", student);
    root.put("name", name);
    root.put("exportedAt", exportedAt);
    root.put("note", "self-reported: recorded by the student's own kubelab, not re-checked by the instructor");
    root.put("labs", labs);
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads an export; {@code source} names it in errors, and gives the student id when the export has none. */
  public static SelfReport parse(String source, String text, String fallbackStudent) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (IOException e) {
      throw KubelabException.usage(source + " is not a kubelab progress export: " + e.getMessage().lines().findFirst().orElse(""),
          "students write one with 'kubelab report --out FILE'");
    }
    if (root == null || !FORMAT.equals(root.path("format").asText())) {
      throw KubelabException.usage(source + " is not a kubelab progress export (no \"format\": \"" + FORMAT + "\")",
          "students write one with 'kubelab report --out FILE'");
    }
    String student = root.path("student").asText(fallbackStudent);
    if (student == null || student.isBlank()) student = fallbackStudent;
    Map<String, Map<String, Result>> labs = new LinkedHashMap<>();
    root.path("labs").properties().forEach(lab -> {
      Map<String, Result> ex = new LinkedHashMap<>();
      lab.getValue().properties().forEach(e -> ex.put(e.getKey(), new Result(e.getValue().path("passed").asBoolean(),
          e.getValue().path("score").asDouble(), e.getValue().path("passedAt").asText(null))));
      labs.put(lab.getKey(), ex);
    });
    return new SelfReport(student, root.path("name").asText(null), root.path("exportedAt").asText(null), labs);
  }
}
