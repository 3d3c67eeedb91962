package dev.kubelab.labs.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelab.labs.api.Course;
import dev.kubelab.labs.api.Lab;
import dev.kubelab.labs.api.Placement;
import dev.kubelab.labs.check.CheckKinds;
import dev.kubelab.labs.content.ContentSource;
import dev.kubelab.labs.content.CourseLoader;
import dev.kubelab.labs.grade.LearnerState;
import dev.kubelab.labs.operator.TeamSpaceOperator;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A lab that names an operator in requires.operators: the engine installs and runs it at start, resumes it to grade, stops it at cleanup. */
@EnableKubernetesMockClient(crud = true)
class OperatorHookTest {
  KubernetesClient client;
  CourseLoader loader;
  Course course;
  Lab lab;

  @BeforeEach
  void load() throws Exception {
    Path root = Path.of(getClass().getResource("/course-ok/course.yaml").toURI()).getParent();
    loader = new CourseLoader(ContentSource.directory(root), CheckKinds.builtIn());
    course = loader.load();
    Lab basics = course.requireLab("demo/basics");
    lab = new Lab(basics.id(), basics.chapterId(), basics.title(), basics.vmware(), null,
        new Lab.Requirements(1, false, true, null, false, false, false, List.of(), List.of(), List.of(), List.of("teamspace")), basics.namespaces(),
        basics.setup(), basics.cleanup(), basics.exercises(), basics.identities(), List.of(), List.of());
    client.nodes().resource(new NodeBuilder().withNewMetadata().withName("k3s-server").endMetadata()
        .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build())
        .createOr(NonDeletingOperation::update);
  }

  LabEngine engine() {
    return new LabEngine(course, loader.templates(), CheckKinds.builtIn(), client, false);
  }

  void createTeamSpace(String ns) {
    GenericKubernetesResource cr = new GenericKubernetesResource();
    cr.setApiVersion(TeamSpaceOperator.group(ns) + "/v1");
    cr.setKind("TeamSpace");
    cr.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("payments").withNamespace(ns).build());
    cr.setAdditionalProperty("spec", Map.of("group", "payments-devs", "quota", Map.of("cpu", "2", "memory", "4Gi", "pods", 10)));
    client.resource(cr).create();
  }

  String crd(String ns) {
    return "teamspaces." + ns + ".kubelab.dev";
  }

  @Test
  void theOperatorRunsFromStartToCleanupAndSaysSo() {
    LabEngine engine = engine();
    Placement p = Placement.prefixed(lab, "op1");
    List<String> progress = new ArrayList<>();
    engine.start(lab, p, progress::add);
    assertThat(progress).anyMatch(l -> l.contains("teamspace operator") && l.contains("runs while kubelab runs"));
    assertThat(client.apiextensions().v1().customResourceDefinitions().withName(crd(p.main())).get()).isNotNull();
    assertThat(engine.model(lab, p)).extractingByKey("teamspace").asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .containsEntry("apiVersion", p.main() + ".kubelab.dev/v1");

    createTeamSpace(p.main());
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
        .until(() -> client.resourceQuotas().inNamespace(p.main()).withName("payments").get() != null);

    engine.cleanup(lab, p, progress::add, Duration.ofSeconds(10));
    assertThat(progress).anyMatch(l -> l.contains("stopping the teamspace operator"));
    assertThat(client.apiextensions().v1().customResourceDefinitions().withName(crd(p.main())).get()).isNull();
  }

  @Test
  void aLabStartedByAnEarlierKubelabIsReconciledWhenItIsGradedAgain() {
    Placement p = Placement.prefixed(lab, "op2");
    LabEngine first = engine();
    first.start(lab, p, m -> {});
    first.stopOperators(); // kubelab exits
    createTeamSpace(p.main()); // the learner works while kubelab is closed
    assertThat(client.resourceQuotas().inNamespace(p.main()).withName("payments").get()).isNull();

    LabEngine second = engine(); // a new kubelab process
    second.grade(lab, lab.exercises().get(0), p, LearnerState.of(Map.of(), Map.of()));
    assertThat(client.resourceQuotas().inNamespace(p.main()).withName("payments").get()).isNotNull();
    second.stopOperators();
  }

  @Test
  void gradingALabThatWasNeverStartedInstallsNothing() {
    Placement p = Placement.prefixed(lab, "op3");
    LabEngine engine = engine();
    engine.grade(lab, lab.exercises().get(0), p, LearnerState.of(Map.of(), Map.of()));
    assertThat(client.apiextensions().v1().customResourceDefinitions().withName(crd(p.main())).get()).isNull();
  }
}
