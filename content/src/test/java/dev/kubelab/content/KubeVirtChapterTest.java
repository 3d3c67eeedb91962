package dev.kubelab.content;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelab.labs.addon.Addons;
import dev.kubelab.labs.api.CheckResult;
import dev.kubelab.labs.api.Course;
import dev.kubelab.labs.api.Exercise;
import dev.kubelab.labs.api.ExerciseResult;
import dev.kubelab.labs.api.Lab;
import dev.kubelab.labs.check.CheckKinds;
import dev.kubelab.labs.content.ContentSource;
import dev.kubelab.labs.content.CourseLoader;
import dev.kubelab.labs.engine.LabEngine;
import dev.kubelab.labs.kubevirt.KubeVirtMock;
import dev.kubelab.labs.testing.SelfTest;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kubevirt chapter in both of KubeVirt's modes, on the mock API server: every exercise fails
 * untouched and passes with its solution whether VMs boot (full) or are only defined (manifest).
 * The mode comes from the add-on's own reading of the KubeVirt CR, as on a real cluster;
 * {@link CourseSelfTest} covers the chapter with the sample values only.
 */
@EnableKubernetesMockClient(crud = true)
class KubeVirtChapterTest {
  static KubernetesClient client;
  static CourseLoader loader;
  static Course course;
  @TempDir static Path home;

  @BeforeAll
  static void load() {
    loader = new CourseLoader(ContentSource.classpath(), CheckKinds.builtIn());
    course = loader.load();
    for (String node : new String[] {"k3s-server", "k3s-agent-1", "k3s-agent-2"}) {
      var meta = new NodeBuilder().withNewMetadata().withName(node);
      if (node.equals("k3s-server")) meta = meta.addToLabels("node-role.kubernetes.io/control-plane", "true");
      client.nodes().resource(meta.endMetadata().withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition()
          .endStatus().build()).createOr(NonDeletingOperation::update);
    }
    client.storage().v1().storageClasses().resource(new StorageClassBuilder().withNewMetadata().withName("local-path")
        .addToAnnotations("storageclass.kubernetes.io/is-default-class", "true").endMetadata()
        .withProvisioner("rancher.io/local-path").withReclaimPolicy("Delete").withVolumeBindingMode("WaitForFirstConsumer").build())
        .createOr(NonDeletingOperation::update);
  }

  @Test
  void theChapterHasThreeLabsAndAtLeastEightExercisesOnKubeVirt() {
    var chapter = course.chapter("kubevirt").orElseThrow();
    assertThat(chapter.book()).isEqualTo(2);
    assertThat(chapter.labs()).hasSizeGreaterThanOrEqualTo(3);
    assertThat(chapter.labs().stream().mapToInt(l -> l.exercises().size()).sum()).isGreaterThanOrEqualTo(8);
    assertThat(chapter.labs()).allSatisfy(l -> assertThat(l.requires().addons()).containsExactly("kubevirt"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"full", "manifest"})
  void everyExerciseFailsUntouchedAndPassesWithItsSolution(String mode) {
    LabEngine engine = new LabEngine(course, loader.templates(), CheckKinds.builtIn(), KubeVirtMock.cluster(client), false,
        new Addons(List.of(KubeVirtMock.addon(mode))), home);
    SelfTest selfTest = new SelfTest(engine, loader.templates(), false);
    List<String> wrong = new ArrayList<>();
    for (Lab lab : course.chapter("kubevirt").orElseThrow().labs()) {
      for (Exercise e : lab.exercises()) {
        // what the learner reads renders in this mode too (templates branch on ${kubevirt.mode})
        assertThat(engine.instructions(lab, e, SelfTest.placement(lab, e, mode.charAt(0) + "s"))).isNotBlank();
        assertThat(engine.solution(lab, e, SelfTest.placement(lab, e, mode.charAt(0) + "s"))).isNotBlank();
        ExerciseResult untouched = selfTest.startState(lab, e, SelfTest.placement(lab, e, mode.charAt(0) + "s"));
        assertThat(engine.intro(lab, SelfTest.placement(lab, e, mode.charAt(0) + "s"))).contains("**" + mode + " mode**");
        if (untouched.checks().stream().noneMatch(c -> c.status() == CheckResult.Status.FAILED)) {
          wrong.add("passes untouched in " + mode + " mode: " + CourseSelfTest.describe(untouched));
        }
        ExerciseResult solved = selfTest.solved(lab, e, SelfTest.placement(lab, e, mode.charAt(0) + "p"), Duration.ZERO);
        if (!SelfTest.passedExceptSkipped(solved) || solved.checks().stream().noneMatch(CheckResult::passed)) {
          wrong.add("fails with its solution in " + mode + " mode: " + CourseSelfTest.describe(solved));
        }
        if (mode.equals("manifest")) {
          solved.checks().stream().filter(c -> c.kind().equals("custom")).forEach(c -> assertThat(c.detail())
              .as(lab.id() + "/" + e.id() + "/" + c.id()).matches("\\(manifest mode\\) .*|not graded in manifest mode: .*"));
        }
      }
    }
    assertThat(wrong).isEmpty();
  }
}
