package dev.kubelab.content;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelab.labs.api.CheckResult;
import dev.kubelab.labs.api.Course;
import dev.kubelab.labs.api.ExerciseResult;
import dev.kubelab.labs.api.Lab;
import dev.kubelab.labs.check.CheckKinds;
import dev.kubelab.labs.content.ContentSource;
import dev.kubelab.labs.content.CourseLoader;
import dev.kubelab.labs.engine.LabEngine;
import dev.kubelab.labs.testing.SelfTest;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every exercise of the packaged course, on fabric8's mock API server: the untouched start
 * state fails, and the reference solution (with its recorded cluster state standing in for
 * controllers) passes every check that can be graded without a real cluster.
 */
@EnableKubernetesMockClient(crud = true)
class CourseSelfTest {
  static KubernetesClient client;
  /** k3s gives each node a /24 of 10.42.0.0/16, the server first. */
  static final java.util.Map<String, String> POD_CIDRS =
      java.util.Map.of("k3s-server", "10.42.0.0/24", "k3s-agent-1", "10.42.1.0/24", "k3s-agent-2", "10.42.2.0/24");
  /** {@code -Dkubelab.chapter=networking} self-tests one chapter only (while writing it). */
  static final String CHAPTER = System.getProperty("kubelab.chapter", "");
  static CourseLoader loader;
  static Course course;

  @BeforeAll
  static void load() {
    loader = new CourseLoader(ContentSource.classpath(), CheckKinds.builtIn());
    course = loader.load();
    // what a fresh single-node k3s has that the labs rely on
    // a three-node k3s (kubelab --agents 2): multi-node labs start here too
    for (String node : new String[] {"k3s-server", "k3s-agent-1", "k3s-agent-2"}) {
      var meta = new NodeBuilder().withNewMetadata().withName(node).addToLabels("kubernetes.io/hostname", node)
          .addToLabels("kubernetes.io/os", "linux");
      if (node.equals("k3s-server")) meta = meta.addToLabels("node-role.kubernetes.io/control-plane", "true");
      client.nodes().resource(meta.endMetadata()
          .withNewSpec().withPodCIDR(POD_CIDRS.get(node)).addToPodCIDRs(POD_CIDRS.get(node)).endSpec()
          .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition()
          .withNewNodeInfo().withKubeletVersion("v1.35.5+k3s1").withContainerRuntimeVersion("containerd://2.1.5-k3s1")
          .endNodeInfo().endStatus().build())
          .createOr(NonDeletingOperation::update);
    }
    // kubelab --traefik: k3s's Traefik and its IngressClass
    client.network().v1().ingressClasses().resource(new io.fabric8.kubernetes.api.model.networking.v1.IngressClassBuilder()
        .withNewMetadata().withName("traefik").addToAnnotations("ingressclass.kubernetes.io/is-default-class", "true").endMetadata()
        .withNewSpec().withController("traefik.io/ingress-controller").endSpec().build()).createOr(NonDeletingOperation::update);
    // ... and the Gateway API kinds k3s installs with Traefik v3 (no Gateway controller runs: Traefik's provider is off)
    dev.kubelab.labs.testing.MockState.serveGatewayApi(client);
    // the kinds Flux and KubeVirt bring, so their objects can be stored (recorded states stand in for their controllers)
    dev.kubelab.labs.testing.MockState.serveAddonKinds(client);
    // k3s's own HelmChart kind (helm.cattle.io/v1), which the Helm lab creates; its recorded states stand in for k3s's helm-controller
    client.apiextensions().v1().customResourceDefinitions().resource(new io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder()
        .withNewMetadata().withName("helmcharts.helm.cattle.io").endMetadata()
        .withNewSpec().withGroup("helm.cattle.io").withScope("Namespaced")
        .withNewNames().withKind("HelmChart").withListKind("HelmChartList").withPlural("helmcharts").withSingular("helmchart").endNames()
        .addNewVersion().withName("v1").withServed(true).withStorage(true).withNewSchema().withNewOpenAPIV3Schema().withType("object")
        .withXKubernetesPreserveUnknownFields(true).endOpenAPIV3Schema().endSchema().endVersion().endSpec()
        .withNewStatus().addNewCondition().withType("Established").withStatus("True").endCondition().endStatus().build())
        .createOr(NonDeletingOperation::update);
    client.storage().v1().storageClasses().resource(new StorageClassBuilder().withNewMetadata().withName("local-path")
        .addToAnnotations("storageclass.kubernetes.io/is-default-class", "true").endMetadata()
        .withProvisioner("rancher.io/local-path").withReclaimPolicy("Delete").withVolumeBindingMode("WaitForFirstConsumer").build())
        .createOr(NonDeletingOperation::update);
  }

  @Test
  void theCourseHasItsChaptersAndEveryLabSpeaksVMware() {
    assertThat(course.chapters()).isNotEmpty();
    for (Lab lab : course.labs()) {
      assertThat(lab.vmware()).as(lab.id()).isNotBlank();
      lab.exercises().forEach(e -> assertThat(e.vmware()).as(lab.id() + "/" + e.id()).isNotBlank());
    }
  }

  @Test
  void theReadmeShowsHowTheCourseProvesItsGrading() throws Exception {
    var report = dev.kubelab.labs.content.AccuracyReport.of(course);
    assertThat(report.withoutWrongCases()).as("exercises that read the cluster and have no known-wrong case").isEmpty();
    assertThat(java.nio.file.Files.readString(java.nio.file.Path.of("README.md")))
        .as("content/README.md's table of wrong cases: paste what 'kubelab validate' prints").contains(report.markdown());
  }

  @Test
  void theStorageChapterIsComplete() {
    var storage = course.chapter("storage").orElseThrow();
    assertThat(storage.labs()).hasSizeGreaterThanOrEqualTo(3);
    assertThat(storage.labs().stream().mapToInt(l -> l.exercises().size()).sum()).isGreaterThanOrEqualTo(8);
  }

  @TestFactory
  Stream<DynamicTest> everyExerciseFailsUntouchedAndPassesWithItsSolution() {
    LabEngine engine = new LabEngine(course, loader.templates(), CheckKinds.builtIn(), client, false);
    SelfTest selfTest = new SelfTest(engine, loader.templates(), false);
    return course.labs().stream().filter(lab -> CHAPTER.isEmpty() || lab.chapterId().equals(CHAPTER)).flatMap(lab -> lab.exercises().stream().flatMap(e -> Stream.concat(Stream.of(
        DynamicTest.dynamicTest(lab.id() + "/" + e.id() + " fails untouched and scores 0", () -> {
          ExerciseResult r = selfTest.startState(lab, e, SelfTest.placement(lab, e, "s"));
          assertThat(r.checks()).as(describe(r)).anyMatch(c -> c.status() == CheckResult.Status.FAILED);
          assertThat(r.score()).as("an untouched exercise earns nothing (mark checks that hold at start as guard: true)\n"
              + describe(r)).isZero();
        }),
        DynamicTest.dynamicTest(lab.id() + "/" + e.id() + " passes with its solution", () -> {
          ExerciseResult r = selfTest.solved(lab, e, SelfTest.placement(lab, e, "p"), Duration.ZERO);
          assertThat(SelfTest.passedExceptSkipped(r)).as(describe(r)).isTrue();
          assertThat(r.checks()).as("at least one check is graded here").anyMatch(CheckResult::passed);
        })), wrongCases(selfTest, lab, e))));
  }

  /** Every known-wrong case of the exercise fails, on the checks it names; cases only a real cluster can catch are skipped, saying so. */
  static Stream<DynamicTest> wrongCases(SelfTest selfTest, Lab lab, dev.kubelab.labs.api.Exercise e) {
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    return e.wrong().stream().map(w -> {
      int i = n.incrementAndGet();
      return DynamicTest.dynamicTest(lab.id() + "/" + e.id() + " is not fooled by: " + w.what(), () -> {
        ExerciseResult r = selfTest.wrong(lab, e, w, SelfTest.placement(lab, e, "w" + i), Duration.ZERO);
        org.junit.jupiter.api.Assumptions.assumeFalse(SelfTest.unprovable(w, r),
            () -> "only a real cluster can catch this (CourseIT): the checks that must fail are skipped here\n" + describe(r));
        assertThat(SelfTest.notCaught(w, r)).as(describe(r)).isEmpty();
        assertThat(r.passed()).isFalse();
      });
    });
  }

  static String describe(ExerciseResult r) {
    StringBuilder sb = new StringBuilder(r.labId() + "/" + r.exerciseId() + ":");
    r.checks().forEach(c -> sb.append("\n  ").append(c.status()).append(' ').append(c.id()).append(": ").append(c.detail()));
    return sb.toString();
  }

}
