package dev.kubelab.labs.engine;

import dev.kubelab.labs.api.Exercise;
import dev.kubelab.labs.api.Lab;
import dev.kubelab.labs.api.Placement;
import dev.kubelab.labs.check.ResourceRef;
import dev.kubelab.labs.content.Templates;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the learner reads (intro, instructions, the reference solution), rendered from a template
 * model without talking to a cluster, so showing text never starts one.
 */
public final class LabText {
  private final Templates templates;

  public LabText(Templates templates) {
    this.templates = templates;
  }

  public String intro(Lab lab, Map<String, Object> model) {
    return lab.intro() == null ? "" : templates.render(lab.intro(), model);
  }

  /** The instructions of an exercise (Markdown). */
  public String instructions(Exercise exercise, Map<String, Object> model) {
    return templates.render(exercise.instructions(), model);
  }

  /** The reference solution as the learner reads it: notes, then each manifest, then what to delete and answer. */
  public String solution(Exercise exercise, Placement placement, Map<String, Object> model) {
    Exercise.Solution s = exercise.solution();
    StringBuilder sb = new StringBuilder();
    if (s.notes() != null) sb.append(templates.render(s.notes(), model)).append("\n\n");
    for (String f : s.apply()) {
      sb.append("```yaml\n# ").append(f.substring(f.lastIndexOf('/') + 1)).append('\n')
          .append(templates.render(f, model).strip()).append("\n```\n\n");
    }
    for (String d : s.delete()) {
      ResourceRef r = ResourceRef.parse(templates.renderString(d, model));
      sb.append("Then delete ").append(r.describe()).append(": `kubectl delete ").append(r.kind().toLowerCase())
          .append(' ').append(r.name()).append(" -n ").append(placement.namespace(r.namespace())).append("`\n\n");
    }
    s.answers().forEach((check, value) -> sb.append("Answer for `").append(check).append("`: `")
        .append(templates.renderString(value, model)).append("`\n\n"));
    return sb.toString().strip();
  }

  /** The reference solution's answers, keyed "exercise/check", rendered. */
  public Map<String, String> solutionAnswers(Exercise exercise, Map<String, Object> model) {
    Map<String, String> out = new LinkedHashMap<>();
    exercise.solution().answers().forEach((k, v) -> out.put(exercise.id() + "/" + k, templates.renderString(v, model)));
    return out;
  }
}
