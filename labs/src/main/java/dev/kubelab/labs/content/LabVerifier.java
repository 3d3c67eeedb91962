package dev.kubelab.labs.content;

import dev.kubelab.labs.api.CheckSpec;
import dev.kubelab.labs.api.Exercise;
import dev.kubelab.labs.api.Lab;
import dev.kubelab.labs.api.NodeCommand;
import dev.kubelab.labs.api.Placement;
import dev.kubelab.labs.check.CheckKinds;
import dev.kubelab.labs.check.ResourceRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/** Renders every template of a lab with sample values and binds every check, reporting all problems. */
final class LabVerifier {
  private final ContentSource source;
  private final Templates templates;
  private final CheckKinds kinds;

  LabVerifier(ContentSource source, Templates templates, CheckKinds kinds) {
    this.source = source;
    this.templates = templates;
    this.kinds = kinds;
  }

  void verify(Lab lab, Map<String, String> images, Problems problems) {
    Map<String, Object> model = new HashMap<>(Model.of(lab, Placement.standard(lab), images, Model.SAMPLE_NODES));
    for (String id : lab.requires().addons()) {
      dev.kubelab.labs.addon.Addons.builtIn().get(id).ifPresent(a -> model.put(id, a.sampleModel()));
    }
    String labFile = "chapters/" + lab.id().replace("/", "/") + "/lab.yaml";
    for (NodeCommand c : lab.nodeSetup()) {
      inline(labFile, "nodeSetup", c.node(), model, problems);
      inline(labFile, "nodeSetup", c.run(), model, problems);
    }
    for (NodeCommand c : lab.nodeCleanup()) {
      inline(labFile, "nodeCleanup", c.node(), model, problems);
      inline(labFile, "nodeCleanup", c.run(), model, problems);
    }
    if (lab.intro() != null) text(lab.intro(), model, problems);
    lab.setup().forEach(f -> manifests(f, model, problems));
    for (String c : lab.cleanup()) ref(labFile, "cleanup", c, model, problems);
    for (Exercise e : lab.exercises()) {
      text(e.instructions(), model, problems);
      Exercise.Solution s = e.solution();
      s.apply().forEach(f -> manifests(f, model, problems));
      if (s.state() != null) manifests(s.state(), model, problems);
      if (s.notes() != null) text(s.notes(), model, problems);
      for (NodeCommand c : s.nodeRun()) {
        inline(labFile, "exercises." + e.id() + ".solution.nodeRun", c.node(), model, problems);
        inline(labFile, "exercises." + e.id() + ".solution.nodeRun", c.run(), model, problems);
      }
      for (String d : s.delete()) ref(labFile, "exercises." + e.id() + ".solution.delete", d, model, problems);
      for (int i = 0; i < e.wrong().size(); i++) wrongCase(labFile, "exercises." + e.id() + ".wrong[" + i + "]", e.wrong().get(i), model, problems);
      Set<String> checkIds = e.checks().stream().map(CheckSpec::id).collect(Collectors.toSet());
      for (Exercise.Hint h : e.hints()) inline(labFile, "exercises." + e.id() + ".hints", h.text(), model, problems);
      for (CheckSpec c : e.checks()) {
        for (String text : java.util.Arrays.asList(c.explain(), c.hint())) {
          if (text != null) inline(c.where(), "explain/hint", text, model, problems);
        }
        List<String> found = new ArrayList<>();
        kinds.bind(c, v -> templates.renderString(v, model), found);
        for (String f : found) problems.add(c.where(), 0, "", f);
        boolean asks = c.kind().equals("answer") || c.kind().equals("choice");
        if (asks && !s.answers().containsKey(c.id())) {
          problems.add(c.where(), 0, "", "the solution gives no answer for this " + c.kind() + " check (solution.answers." + c.id() + ")");
        }
      }
      for (String a : s.answers().keySet()) {
        if (!checkIds.contains(a)) problems.add(labFile, 0, "exercises." + e.id() + ".solution.answers", "no check '" + a + "'");
      }
      e.hints().stream().map(Exercise.Hint::when).filter(Objects::nonNull).filter(w -> !checkIds.contains(w))
          .forEach(w -> problems.add(labFile, 0, "exercises." + e.id() + ".hints", "'when: " + w + "' names no check of this exercise"));
      if (e.hints().isEmpty()) problems.add(labFile, 0, "exercises." + e.id() + ".hints", "give at least one hint");
    }
  }

  /** A known-wrong case renders like a solution: its files, inline manifests, deletions and node commands. */
  private void wrongCase(String labFile, String field, Exercise.WrongCase w, Map<String, Object> model, Problems problems) {
    Exercise.Solution st = w.steps();
    st.apply().forEach(f -> manifests(f, model, problems));
    if (st.state() != null) manifests(st.state(), model, problems);
    for (String d : st.delete()) ref(labFile, field + ".delete", d, model, problems);
    for (NodeCommand c : st.nodeRun()) {
      inline(labFile, field + ".nodeRun", c.node(), model, problems);
      inline(labFile, field + ".nodeRun", c.run(), model, problems);
    }
    for (String text : java.util.Arrays.asList(w.manifests(), w.stateManifests())) {
      if (text == null) continue;
      try {
        Manifests.parse(labFile + " " + field, templates.renderString(text, model), problems);
      } catch (Templates.TemplateProblem ex) {
        problems.add(labFile, 0, field, ex.getMessage());
      }
    }
  }

  private void text(String path, Map<String, Object> model, Problems problems) {
    render(path, model, problems);
  }

  private void manifests(String path, Map<String, Object> model, Problems problems) {
    String rendered = render(path, model, problems);
    if (rendered != null) Manifests.parse(path, rendered, problems);
  }

  private String render(String path, Map<String, Object> model, Problems problems) {
    if (source.read(path).isEmpty()) {
      problems.add(path, 0, "", "file not found");
      return null;
    }
    try {
      return templates.render(path, new HashMap<>(model));
    } catch (Templates.TemplateProblem e) {
      problems.add(path, e.line(), "", e.getMessage());
      return null;
    }
  }

  private void inline(String file, String field, String text, Map<String, Object> model, Problems problems) {
    try {
      templates.renderString(text, model);
    } catch (Templates.TemplateProblem e) {
      problems.add(file, 0, field, e.getMessage());
    }
  }

  private void ref(String file, String field, String text, Map<String, Object> model, Problems problems) {
    try {
      ResourceRef r = ResourceRef.parse(templates.renderString(text, model));
      if (r.name() == null) problems.add(file, 0, field, "'" + text + "' must name one object");
    } catch (Templates.TemplateProblem | IllegalArgumentException e) {
      problems.add(file, 0, field, e.getMessage());
    }
  }
}
