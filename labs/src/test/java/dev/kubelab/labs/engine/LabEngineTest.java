package dev.kubelab.labs.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelab.labs.api.Course;
import dev.kubelab.labs.api.ExerciseResult;
import dev.kubelab.labs.api.Lab;
import dev.kubelab.labs.api.Placement;
import dev.kubelab.labs.check.CheckKinds;
import dev.kubelab.labs.content.ContentSource;
import dev.kubelab.labs.content.CourseLoader;
import dev.kubelab.labs.grade.ClusterView;
import dev.kubelab.labs.grade.LearnerState;
import dev.kubelab.labs.testing.SelfTest;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class LabEngineTest {
  static KubernetesClient client;
  LabEngine engine;
  CourseLoader loader;
  Lab lab;

  @BeforeEach
  void load() throws Exception {
    Path root = Path.of(getClass().getResource("/course-ok/course.yaml").toURI()).getParent();
    loader = new CourseLoader(ContentSource.directory(root), CheckKinds.builtIn());
    Course course = loader.load();
    engine = new LabEngine(course, loader.templates(), CheckKinds.builtIn(), client, false);
    lab = course.requireLab("demo/basics");
    client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-1").endMetadata()
        .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition()
        .withNewNodeInfo().withKubeletVersion("v1.35.0").endNodeInfo().endStatus().build())
        .createOr(io.fabric8.kubernetes.client.dsl.NonDeletingOperation::update);
  }

  @Test
  void startCreatesTheLabelledNamespaceAndAppliesSetupWithImagesRendered() {
    Placement p = Placement.prefixed(lab, "e1");
    List<String> progress = new ArrayList<>();
    Map<String, String> uids = engine.start(lab, p, progress::add);
    assertThat(client.namespaces().withName("e1").get().getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "kubelab").containsEntry("kubelab.dev/lab", "demo.basics");
    ConfigMap cm = client.configMaps().inNamespace("e1").withName("settings").get();
    assertThat(cm.getData()).containsEntry("image", "docker.io/library/busybox:1.37.0").containsEntry("mode", "off");
    assertThat(cm.getMetadata().getLabels()).containsEntry("kubelab.dev/placement", "e1");
    assertThat(uids).containsEntry("ConfigMap/e1/settings", cm.getMetadata().getUid());
    assertThat(progress).anyMatch(m -> m.contains("applying setup.yaml"));
  }

  @Test
  void startStateFailsAndTheSolutionPasses() {
    Placement p = Placement.prefixed(lab, "e2");
    Map<String, String> uids = engine.start(lab, p, m -> {});
    ExerciseResult before = engine.grade(lab, lab.exercises().get(0), p, LearnerState.of(Map.of(), uids));
    assertThat(before.passed()).isFalse();
    assertThat(before.checks().get(0).detail()).contains("expected 'on', found 'off'");
    assertThat(before.score()).isEqualTo(1.0); // unchanged passes: weight 1 of 2, of 2 points
    engine.applySolution(lab, lab.exercises().get(0), p, m -> {});
    ExerciseResult after = engine.grade(lab, lab.exercises().get(0), p, LearnerState.of(Map.of(), uids));
    assertThat(after.passed()).isTrue();
    assertThat(after.score()).isEqualTo(2.0);
  }

  @Test
  void aWholeLabIsGradedWithOneListCallPerKindAndNamespace() {
    Placement p = Placement.prefixed(lab, "e3");
    engine.start(lab, p, m -> {});
    ClusterView view = new ClusterView(client);
    LearnerState learner = LearnerState.of(Map.of("class/binding", "WaitForFirstConsumer"), Map.of());
    lab.exercises().forEach(e -> engine.grade(lab, e, p, learner, view));
    assertThat(view.calls()).isEqualTo(2); // ConfigMaps in e3, StorageClasses
  }

  @Test
  void resetRemovesClusterScopedLeftoversAndReappliesSetup() {
    Placement p = Placement.prefixed(lab, "e4");
    engine.start(lab, p, m -> {});
    engine.applySolution(lab, lab.exercises().get(0), p, m -> {});
    engine.applySolution(lab, lab.exercises().get(1), p, m -> {});
    assertThat(client.storage().v1().storageClasses().withName("e4-fast").get()).isNotNull();
    Map<String, String> uids = engine.reset(lab, p, m -> {});
    assertThat(client.storage().v1().storageClasses().withName("e4-fast").get()).isNull();
    assertThat(client.configMaps().inNamespace("e4").withName("settings").get().getData()).containsEntry("mode", "off");
    assertThat(uids).containsKey("ConfigMap/e4/settings");
  }

  @Test
  void preflightSaysWhatIsMissing() {
    Lab needsTwo = new Lab(lab.id(), lab.chapterId(), lab.title(), lab.vmware(), null,
        new Lab.Requirements(2, true, false, "k3s"), lab.namespaces(), lab.setup(), List.of(), lab.exercises(), Map.of());
    assertThat(engine.preflight(needsTwo))
        .anyMatch(s -> s.contains("needs 2 Ready node(s), the cluster has 1"))
        .anyMatch(s -> s.contains("needs a default StorageClass"))
        .anyMatch(s -> s.contains("about k3s's own parts and this cluster runs v1.35.0") && s.contains("embedded k3s"));
    assertThat(engine.preflight(lab)).isEmpty();
  }

  @Test
  void aLabThatUsesKindsTheClusterDoesNotServeIsRefusedUntilTheirDefinitionsArrive() {
    Lab needs = new Lab(lab.id(), lab.chapterId(), lab.title(), lab.vmware(), null,
        new Lab.Requirements(1, false, false, null, false, false, false, List.of(),
            List.of("gateway.networking.k8s.io/v1/Gateway", "gateway.networking.k8s.io/v1/HTTPRoute")),
        lab.namespaces(), lab.setup(), List.of(), lab.exercises(), Map.of());
    assertThat(engine.preflight(needs)).singleElement().satisfies(s -> assertThat(s)
        .contains("gateway.networking.k8s.io/v1/Gateway, gateway.networking.k8s.io/v1/HTTPRoute, which this cluster does not serve")
        .contains("standard channel of a Gateway API release"));
    var crds = client.apiextensions().v1().customResourceDefinitions();
    for (String kind : new String[] {"Gateway", "HTTPRoute"}) {
      String plural = kind.toLowerCase(java.util.Locale.ROOT) + "s";
      crds.resource(new io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder()
          .withNewMetadata().withName(plural + ".gateway.networking.k8s.io").endMetadata()
          .withNewSpec().withGroup("gateway.networking.k8s.io").withScope("Namespaced")
          .withNewNames().withKind(kind).withListKind(kind + "List").withPlural(plural).endNames()
          .addNewVersion().withName("v1").withServed(true).withStorage(true).endVersion().endSpec().build()).create();
      if (kind.equals("Gateway")) {
        assertThat(engine.preflight(needs)).singleElement().satisfies(s -> assertThat(s)
            .contains("uses gateway.networking.k8s.io/v1/HTTPRoute, which").doesNotContain("v1/Gateway,"));
      }
    }
    try {
      assertThat(engine.preflight(needs)).isEmpty();
    } finally {
      crds.withName("gateways.gateway.networking.k8s.io").delete();
      crds.withName("httproutes.gateway.networking.k8s.io").delete();
    }
  }

  @Test
  void onALearnersClusterPreflightSaysWhatTheClusterLacksNotKubelabsOptions() {
    Lab needs = new Lab(lab.id(), lab.chapterId(), lab.title(), lab.vmware(), null,
        new Lab.Requirements(3, false, false, null, true, false, false, List.of()), lab.namespaces(), lab.setup(), List.of(),
        lab.exercises(), Map.of());
    assertThat(engine.preflight(needs))
        .anyMatch(s -> s.contains("your cluster lacks 2 node(s)"))
        .anyMatch(s -> s.contains("Traefik ingress controller (IngressClass 'traefik'), which your cluster does not run"))
        .noneMatch(s -> s.contains("--agents") || s.contains("--traefik"));
    LabEngine onOwnK3s = new LabEngine(engine.course(), loader.templates(), CheckKinds.builtIn(),
        new dev.kubelab.labs.testing.MockCluster(client, new dev.kubelab.labs.api.NodeShell() {
          @Override
          public List<String> nodes() {
            return List.of("node-1");
          }

          @Override
          public Result exec(String node, List<String> command, Duration timeout) {
            return new Result(0, "", "");
          }

          @Override
          public void copyTo(String node, Path local, String path) {}
        }),
        false, dev.kubelab.labs.addon.Addons.builtIn(), null);
    assertThat(onOwnK3s.preflight(needs)).anyMatch(s -> s.contains("start kubelab with --agents 2"))
        .anyMatch(s -> s.contains("start kubelab with --traefik"));
  }

  @Test
  void aRememberedVerdictOnPolicyEnforcementRefusesPolicyLabsUntilForgotten(@org.junit.jupiter.api.io.TempDir Path home)
      throws Exception {
    Lab policyLab = new Lab(lab.id(), lab.chapterId(), lab.title(), lab.vmware(), null,
        new Lab.Requirements(1, false, false, null, false, true, false, List.of()), lab.namespaces(), lab.setup(), List.of(),
        lab.exercises(), Map.of());
    java.nio.file.Files.writeString(home.resolve(ClusterFacts.FILE), "{\"" + client.getMasterUrl() + "\": "
        + "{\"networkPolicyEnforced\": false, \"provenAt\": \"2026-03-01T09:00:00Z\"}, \"https://elsewhere:6443\": "
        + "{\"networkPolicyEnforced\": true, \"provenAt\": \"2026-03-01T09:00:00Z\"}}");
    LabEngine remembering = new LabEngine(engine.course(), loader.templates(), CheckKinds.builtIn(),
        new dev.kubelab.labs.testing.MockCluster(client), false, dev.kubelab.labs.addon.Addons.builtIn(), home);
    assertThat(remembering.policyEnforcement()).contains(false);
    assertThat(remembering.preflight(policyLab)).singleElement().asString()
        .contains("does not enforce them", "your cluster's CNI").doesNotContain("--agents");
    assertThat(remembering.preflight(lab)).isEmpty();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> remembering.start(policyLab, Placement.prefixed(lab, "p1"), m -> {}))
        .isInstanceOf(dev.kubelab.labs.api.KubelabException.class).hasMessageContaining("cannot run demo/basics")
        .extracting(e -> ((dev.kubelab.labs.api.KubelabException) e).hint()).asString().contains("--recheck");
    assertThat(client.namespaces().withName("p1").get()).as("nothing was created").isNull();

    remembering.forgetClusterFacts();
    assertThat(remembering.policyEnforcement()).isEmpty();
    assertThat(remembering.preflight(policyLab)).isEmpty();
    assertThat(java.nio.file.Files.readString(home.resolve(ClusterFacts.FILE))).contains("elsewhere").doesNotContain("false");
  }

  @Test
  void anUnreadableFactsFileIsTakenAsKnowingNothing(@org.junit.jupiter.api.io.TempDir Path home) throws Exception {
    java.nio.file.Files.writeString(home.resolve(ClusterFacts.FILE), "{ not json");
    ClusterFacts facts = new ClusterFacts(home);
    assertThat(facts.policy("https://a:6443")).isEmpty();
    facts.rememberPolicy("https://a:6443", true, java.time.Instant.parse("2026-03-01T09:00:00Z"));
    assertThat(facts.policy("https://a:6443")).contains(new ClusterFacts.PolicyFact(true, java.time.Instant.parse("2026-03-01T09:00:00Z")));
    try (var files = java.nio.file.Files.list(home)) {
      assertThat(files.map(f -> f.getFileName().toString())).containsExactly(ClusterFacts.FILE);
    }
  }

  @Test
  void aNamespaceThatTakesItsTimeToGoIsWaitedForWithOneLine() throws Exception {
    Placement p = Placement.prefixed(lab, "e9");
    engine.start(lab, p, m -> {});
    client.namespaces().withName("e9").edit(n -> {
      n.getMetadata().setFinalizers(List.of("kubelab.dev/test"));
      return n;
    });
    Thread release = new Thread(() -> {
      try {
        Thread.sleep(2000);
      } catch (InterruptedException e) {
        return;
      }
      client.namespaces().withName("e9").edit(n -> {
        n.getMetadata().setFinalizers(List.of());
        return n;
      });
    });
    release.start();
    List<String> progress = new ArrayList<>();
    engine.cleanup(lab, p, progress::add, Duration.ofSeconds(20));
    release.join();
    assertThat(client.namespaces().withName("e9").get()).isNull();
    assertThat(progress).containsOnlyOnce("deleting namespace e9", "waiting for namespace e9 to go");
    assertThat(progress.stream().filter(l -> l.startsWith("waiting"))).hasSize(1);
  }

  @Test
  void instructionsAndSolutionRenderForThePlacement() {
    Placement p = Placement.prefixed(lab, "e5");
    assertThat(engine.instructions(lab, lab.exercises().get(0), p)).contains("namespace `e5`");
    assertThat(engine.solution(lab, lab.exercises().get(1), p)).contains("name: e5-fast").contains("`WaitForFirstConsumer`");
  }

  @Test
  void selfTestHarnessProvesBothWays() {
    SelfTest st = new SelfTest(engine, loader.templates(), false);
    for (var e : lab.exercises()) {
      assertThat(st.startState(lab, e, SelfTest.placement(lab, e, "a")).passed()).as(e.id() + " start").isFalse();
      assertThat(st.solved(lab, e, SelfTest.placement(lab, e, "b"), Duration.ZERO).passed()).as(e.id() + " solved").isTrue();
    }
  }
}
