package dev.kubelab.labs.check;

import dev.kubelab.labs.api.CheckResult;
import dev.kubelab.labs.api.CheckSpec;
import dev.kubelab.labs.api.Exercise;
import dev.kubelab.labs.api.ExerciseResult;
import dev.kubelab.labs.api.Lab;
import dev.kubelab.labs.api.Placement;
import dev.kubelab.labs.content.ContentSource;
import dev.kubelab.labs.content.Model;
import dev.kubelab.labs.content.Templates;
import dev.kubelab.labs.grade.ClusterView;
import dev.kubelab.labs.grade.Grader;
import dev.kubelab.labs.grade.LearnerState;
import dev.kubelab.labs.testing.MockState;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Grades one check written as YAML against the mock server, in namespace "t". */
final class CheckHarness {
  static final Lab LAB = new Lab("test/lab", "test", "Test", "", null, Lab.Requirements.NONE, List.of("main", "other"),
      List.of(), List.of(), List.of(), Map.of());
  static final Placement PLACEMENT = Placement.prefixed(LAB, "t");

  private final KubernetesClient client;
  private final Map<String, String> answers = new LinkedHashMap<>();
  private final Map<String, String> uids = new LinkedHashMap<>();
  private boolean real;
  PodExec exec = (ns, pod, container, command, timeout) -> {
    throw new IllegalStateException("no exec scripted for " + command);
  };
  ClusterView lastView;

  CheckHarness(KubernetesClient client) {
    this.client = client;
  }

  CheckHarness seed(String yaml) {
    MockState.apply(client, yaml, "t");
    return this;
  }

  CheckHarness answer(String value) {
    answers.put("ex/c", value);
    return this;
  }

  CheckHarness uid(String key, String uid) {
    uids.put(key, uid);
    return this;
  }

  CheckHarness realCluster() {
    real = true;
    return this;
  }

  @SuppressWarnings("unchecked")
  CheckResult grade(String checkYaml) {
    Map<String, Object> fields = new LinkedHashMap<>((Map<String, Object>) new org.yaml.snakeyaml.Yaml().load(checkYaml));
    String kind = (String) fields.remove("kind");
    Map<String, Object> strings = new LinkedHashMap<>();
    fields.forEach((k, v) -> strings.put(k, stringify(v)));
    CheckSpec spec = new CheckSpec("c", kind, 1, "why", null, strings, "test");
    Exercise ex = new Exercise("ex", "Ex", "", "x.md", 1, List.of(), new Exercise.Solution(List.of(), List.of(), Map.of(), null, null), List.of(spec));
    Templates templates = new Templates((Source) path -> Optional.empty());
    lastView = new ClusterView(client);
    ExerciseResult r = new Grader(CheckKinds.builtIn(), templates, c -> exec).grade(LAB, ex, PLACEMENT,
        Model.of(LAB, PLACEMENT, Map.of("busybox", "busybox:1"), List.of("node-1")), LearnerState.of(answers, uids),
        lastView, client, real);
    return r.checks().get(0);
  }

  /** YAML scalars arrive as strings from content files; mirror that. */
  private static Object stringify(Object v) {
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, x) -> out.put(String.valueOf(k), stringify(x)));
      return out;
    }
    if (v instanceof List<?> l) return l.stream().map(CheckHarness::stringify).toList();
    return v == null ? null : String.valueOf(v);
  }

  interface Source extends ContentSource {
    @Override
    default String describe() {
      return "test";
    }
  }
}
