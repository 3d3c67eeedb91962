package dev.kubelab.labs.kubevirt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelab.labs.api.CheckResult;
import dev.kubelab.labs.api.CheckSpec;
import dev.kubelab.labs.api.Exercise;
import dev.kubelab.labs.api.Lab;
import dev.kubelab.labs.api.Placement;
import dev.kubelab.labs.check.CheckKinds;
import dev.kubelab.labs.content.ContentSource;
import dev.kubelab.labs.content.Model;
import dev.kubelab.labs.content.Templates;
import dev.kubelab.labs.grade.ClusterView;
import dev.kubelab.labs.grade.Grader;
import dev.kubelab.labs.grade.LearnerState;
import dev.kubelab.labs.testing.MockState;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The mode-dependent check, graded on the mock with VM and VMI objects as KubeVirt would show them. */
@EnableKubernetesMockClient(crud = true)
class ByModeTest {
  static KubernetesClient client;
  static final Lab LAB = new Lab("kubevirt/test", "kubevirt", "Test", "", null, Lab.Requirements.NONE, List.of("main"),
      List.of(), List.of(), List.of(), Map.of());
  static final Placement PLACEMENT = Placement.prefixed(LAB, "t");
  static final String CHECK = """
      kind: custom
      class: dev.kubelab.labs.kubevirt.ByMode
      mode: ${kubevirt.mode}
      full: {kind: field, resource: kubevirt.io/v1/VirtualMachineInstance/web, path: .status.phase, equals: Running}
      manifest: {kind: field, resource: kubevirt.io/v1/VirtualMachine/web, path: .status.printableStatus, equals: ErrorUnschedulable}
      """;

  @BeforeAll
  static void seed() {
    KubeVirtMock.serveKinds(client);
    String ns = PLACEMENT.main();
    MockState.apply(client, """
        apiVersion: kubevirt.io/v1
        kind: VirtualMachine
        metadata: {name: web, namespace: %s}
        spec: {runStrategy: Always}
        status: {printableStatus: ErrorUnschedulable}
        ---
        apiVersion: kubevirt.io/v1
        kind: VirtualMachineInstance
        metadata: {name: web, namespace: %s}
        status: {phase: Scheduling}
        """.formatted(ns, ns), ns);
  }

  @SuppressWarnings("unchecked")
  static CheckResult grade(String mode, String yaml, List<String> problems) {
    Map<String, Object> fields = (Map<String, Object>) strings(new org.yaml.snakeyaml.Yaml().load(yaml));
    String kind = (String) fields.remove("kind");
    CheckSpec spec = new CheckSpec("c", kind, 1, null, null, fields, "test");
    Templates templates = new Templates(new ContentSource() {
      @Override
      public Optional<String> read(String path) {
        return Optional.empty();
      }

      @Override
      public String describe() {
        return "test";
      }
    });
    Map<String, Object> model = new HashMap<>(Model.of(LAB, PLACEMENT, Map.of("busybox", "busybox:1"), List.of("k3s-server")));
    model.put("kubevirt", Map.of("mode", mode));
    CheckKinds.builtIn().bind(spec, v -> templates.renderString(v, model), problems);
    Exercise ex = new Exercise("ex", "Ex", "", "x.md", 1, List.of(), new Exercise.Solution(List.of(), List.of(), Map.of(), null, null),
        List.of(spec));
    return new Grader(CheckKinds.builtIn(), templates).grade(LAB, ex, PLACEMENT, model, LearnerState.of(Map.of(), Map.of()),
        new ClusterView(client), client, false).checks().get(0);
  }

  /** YAML scalars arrive as strings from content files; mirror that. */
  static Object strings(Object v) {
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, x) -> out.put(String.valueOf(k), strings(x)));
      return out;
    }
    if (v instanceof List<?> l) return l.stream().map(ByModeTest::strings).toList();
    return v == null ? null : String.valueOf(v);
  }

  @Test
  void eachModeGradesItsOwnCheckAndSaysWhichModeItIs() {
    CheckResult full = grade("full", CHECK, new ArrayList<>());
    assertThat(full.passed()).isFalse();
    assertThat(full.detail()).startsWith("(full mode) ").contains("expected 'Running', found 'Scheduling'");
    CheckResult manifest = grade("manifest", CHECK, new ArrayList<>());
    assertThat(manifest.passed()).as(manifest.detail()).isTrue();
    assertThat(manifest.detail()).startsWith("(manifest mode) ");
  }

  @Test
  void noneMeansNothingToGradeInThatModeAndSaysSo() {
    String yaml = CHECK.replaceAll("manifest: \\{.*}", "manifest: none");
    CheckResult r = grade("manifest", yaml, new ArrayList<>());
    assertThat(r.passed()).isTrue();
    assertThat(r.detail()).isEqualTo("not graded in manifest mode: no VM boots on this cluster");
  }

  @Test
  void checksThatNeedARealClusterAreSkippedOnTheMockInTheirMode() {
    String yaml = CHECK.replaceAll("full: \\{.*}", "full: {kind: reachable, from: {labels: {app: probe}}, to: {service: web, port: 22}}");
    CheckResult r = grade("full", yaml, new ArrayList<>());
    assertThat(r.status()).as(r.detail()).isEqualTo(CheckResult.Status.SKIPPED);
  }

  @Test
  void brokenBranchesAreReportedWhateverTheMode() {
    List<String> problems = new ArrayList<>();
    grade("manifest", CHECK.replace("path: .status.phase,", "pth: .status.phase,"), problems);
    assertThat(problems).anyMatch(p -> p.startsWith("full: ") && p.contains("pth"));

    problems.clear();
    CheckResult r = grade("full", CHECK.replaceAll("manifest: \\{.*}", ""), problems);
    assertThat(problems).anyMatch(p -> p.startsWith("manifest: is required"));
    assertThat(r.passed()).isFalse();

    problems.clear();
    grade("later", CHECK, problems);
    assertThat(problems).anyMatch(p -> p.contains("mode: must be full or manifest"));
  }
}
