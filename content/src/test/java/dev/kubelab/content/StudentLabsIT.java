package dev.kubelab.content;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelab.labs.api.Cluster;
import dev.kubelab.labs.api.Course;
import dev.kubelab.labs.api.Exercise;
import dev.kubelab.labs.api.ExerciseResult;
import dev.kubelab.labs.api.Lab;
import dev.kubelab.labs.api.Placement;
import dev.kubelab.labs.check.CheckKinds;
import dev.kubelab.labs.classroom.ClassGrader;
import dev.kubelab.labs.classroom.ClassStudent;
import dev.kubelab.labs.classroom.Classroom;
import dev.kubelab.labs.classroom.ClassOffer;
import dev.kubelab.labs.classroom.Escalation;
import dev.kubelab.labs.classroom.Namespaced;
import dev.kubelab.labs.classroom.Roster;
import dev.kubelab.labs.classroom.StudentLimits;
import dev.kubelab.labs.content.ContentSource;
import dev.kubelab.labs.content.CourseLoader;
import dev.kubelab.labs.engine.LabEngine;
import dev.kubelab.labs.testing.RealCluster;
import dev.kubelab.labs.testing.SelfTest;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every lab a class can run, on a real cluster, as a student of a class 'class create' set up:
 * with the ServiceAccount token of the student's own kubeconfig, the lab starts, each reference
 * solution is applied and passes, the instructor's grading agrees with the student's exactly,
 * and reset works. Solutions the class's RBAC refuses (StudentLabsTest.REFUSED) are left out.
 */
@ExtendWith(RealCluster.class)
class StudentLabsIT {
  static Classroom classroom;
  static Map<String, Classroom.Created> students = new HashMap<>();

  @BeforeAll
  static void aClass(Cluster cluster) throws Exception {
    Course course = new CourseLoader(ContentSource.classpath(), CheckKinds.builtIn()).load();
    List<String> ids = course.labs().stream().filter(l -> Namespaced.unavailable(l).isEmpty()).map(l -> l.id().replace('/', '-') + "0").toList();
    classroom = new Classroom(cluster.client(), "it-" + UUID.randomUUID().toString().substring(0, 6), course);
    Classroom.CreateReport report = classroom.create(Roster.parse("r.csv", String.join("\n", ids.stream().map(i -> i + "," + i).toList())),
        StudentLimits.DEFAULTS, 1, Files.createTempDirectory("kubelab-class"), m -> {});
    report.students().forEach(c -> students.put(c.student().id(), c));
  }

  @AfterAll
  static void deleteTheClass() {
    if (classroom != null) classroom.delete(m -> {});
  }

  @TestFactory
  Stream<DynamicTest> aStudentRunsEveryClassLab(Cluster cluster) {
    CourseLoader loader = new CourseLoader(ContentSource.classpath(), CheckKinds.builtIn());
    Course course = loader.load();
    LabEngine instructor = new LabEngine(course, loader.templates(), CheckKinds.builtIn(), cluster.client(), true);
    return course.labs().stream().filter(l -> Namespaced.unavailable(l).isEmpty()).map(lab -> DynamicTest.dynamicTest(lab.id(), () -> {
      Classroom.Created c = students.get(lab.id().replace('/', '-') + "0");
      Path kubeconfig = c.kubeconfig();
      try (KubernetesClient client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(null, kubeconfig.toFile())).build()) {
        LabEngine engine = new LabEngine(course, loader.templates(), CheckKinds.builtIn(), client, true);
        Placement p = Namespaced.placement(lab, c.namespace());
        engine.startInPlace(lab, p, m -> {});
        Map<String, String> answers = new HashMap<>();
        for (Exercise e : lab.exercises()) {
          if (StudentLabsTest.REFUSED.containsKey(lab.id() + "/" + e.id())) continue;
          engine.applySolution(lab, e, p, m -> {});
          answers.putAll(engine.solutionAnswers(lab, e, p));
          engine.recordAnswers(lab, p, answers);
          Awaitility.await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofSeconds(2)).until(() ->
              SelfTest.passedExceptSkipped(engine.grade(lab, e, p, engine.recordedLearner(lab, p))));
        }
        List<ExerciseResult> mine = engine.gradeLab(lab, p, engine.recordedLearner(lab, p));
        List<ExerciseResult> theirs = ClassGrader.by(instructor).grade(new ClassStudent(c.student().id(), c.student().name(), null,
            c.namespace()), lab, p);
        assertThat(theirs).extracting(ExerciseResult::score).isEqualTo(mine.stream().map(ExerciseResult::score).toList());
        engine.resetInPlace(lab, p, m -> {});
      }
    }));
  }

  /**
   * The class's RBAC and admission policies on a real API server: every escalation 'class verify'
   * tries is refused, the creates a class allows are accepted, and a real (not dry-run) create of a
   * StorageClass outside the student's prefix is refused with a message that says why.
   */
  @org.junit.jupiter.api.Test
  void noStudentGetsOutOfTheirNamespaces(Cluster cluster) throws Exception {
    ClassOffer offer = classroom.offer();
    List<String> provisioners = classroom.provisioners();
    List<Escalation.Try> tries = new Escalation(cluster.client()).verify(classroom.students(), offer, provisioners);
    assertThat(tries).as(tries.stream().filter(Escalation.Try::gap).map(t -> t.student() + ": " + t.action() + " → " + t.answer()).toList()
        .toString()).noneMatch(Escalation.Try::gap);
    assertThat(offer.clusterKinds()).as("k3s serves ValidatingAdmissionPolicy").contains("StorageClass", "PersistentVolume", "Namespace",
        "ClusterRole");
    Classroom.Created c = students.values().iterator().next();
    try (KubernetesClient student = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(null, c.kubeconfig().toFile())).build()) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> student.storage().v1().storageClasses().resource(
          new io.fabric8.kubernetes.api.model.storage.StorageClassBuilder().withNewMetadata().withName("gold").endMetadata()
              .withProvisioner(provisioners.get(0)).build()).create())
          .isInstanceOfSatisfying(io.fabric8.kubernetes.client.KubernetesClientException.class, e -> {
            assertThat(e.getCode()).isEqualTo(403);
            assertThat(e.getMessage()).contains("must start with " + c.namespace() + "-");
          });
      // a ClusterRole of their own may read, never write: refused by the real API server's CEL, saying why
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> student.rbac().clusterRoles().resource(
          new io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder().withNewMetadata().withName(c.namespace() + "-writer").endMetadata()
              .addNewRule().withApiGroups("").withResources("pods").withVerbs("get", "delete").endRule().build()).create())
          .isInstanceOfSatisfying(io.fabric8.kubernetes.client.KubernetesClientException.class, e -> {
            assertThat(e.getCode()).isEqualTo(403);
            assertThat(e.getMessage()).contains("may only read");
          });
    }
  }
}
