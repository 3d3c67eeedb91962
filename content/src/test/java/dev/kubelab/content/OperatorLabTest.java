package dev.kubelab.content;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelab.labs.api.Course;
import dev.kubelab.labs.api.ExerciseResult;
import dev.kubelab.labs.api.Lab;
import dev.kubelab.labs.api.Placement;
import dev.kubelab.labs.check.CheckKinds;
import dev.kubelab.labs.content.ContentSource;
import dev.kubelab.labs.content.CourseLoader;
import dev.kubelab.labs.engine.LabEngine;
import dev.kubelab.labs.grade.LearnerState;
import dev.kubelab.labs.testing.MockState;
import dev.kubelab.labs.testing.SelfTest;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * platform/operator beyond what {@link CourseSelfTest} proves: its reference solutions pass through
 * the operator's work only (a TeamSpace alone makes nothing), and the operator, started again by a
 * later kubelab, catches up with a TeamSpace created while none ran.
 */
@EnableKubernetesMockClient(crud = true)
class OperatorLabTest {
  static KubernetesClient client;
  static CourseLoader loader;
  static Course course;
  static Lab lab;

  @BeforeAll
  static void load() {
    loader = new CourseLoader(ContentSource.classpath(), CheckKinds.builtIn());
    course = loader.load();
    lab = course.requireLab("platform/operator");
    MockState.seedK3s(client);
  }

  LabEngine engine() {
    return new LabEngine(course, loader.templates(), CheckKinds.builtIn(), client, false);
  }

  @Test
  void aTeamSpaceWithoutARunningOperatorMakesNothingAndTheNextKubelabCatchesUp() {
    var create = lab.exercises().get(0);
    Placement p = SelfTest.placement(lab, create, "op");
    LabEngine closed = engine();
    closed.start(lab, p, m -> {});
    closed.stopOperators(); // the learner quits kubelab
    closed.applySolution(lab, create, p, m -> {}); // and creates the TeamSpace with their own kubectl
    assertThat(client.resourceQuotas().inNamespace(p.main()).withName("payments").get()).as("no operator ran").isNull();

    LabEngine next = engine(); // kubelab again: grading starts the operator, whose first pass builds the space
    ExerciseResult r = next.grade(lab, create, p, LearnerState.of(Map.of(), Map.of()));
    assertThat(SelfTest.passedExceptSkipped(r)).as(CourseSelfTest.describe(r)).isTrue();
    next.cleanup(lab, p, m -> {}, Duration.ofSeconds(10));
    assertThat(client.apiextensions().v1().customResourceDefinitions()
        .withName("teamspaces." + p.main() + ".kubelab.dev").get()).as("reset removes the operator's CRD").isNull();
  }
}
