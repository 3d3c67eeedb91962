package dev.kubelab.labs.classroom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelab.labs.api.Cluster;
import dev.kubelab.labs.api.Course;
import dev.kubelab.labs.api.Lab;
import dev.kubelab.labs.api.Placement;
import dev.kubelab.labs.check.CheckKinds;
import dev.kubelab.labs.content.ContentSource;
import dev.kubelab.labs.content.CourseLoader;
import dev.kubelab.labs.engine.LabEngine;
import dev.kubelab.labs.testing.RealCluster;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A class of three on a real cluster: the students' own kubeconfigs set a lab up in their
 * namespaces, two apply the reference solution, the instructor grades, and the API server proves
 * the isolation.
 */
@ExtendWith(RealCluster.class)
class ClassroomIT {

  @Test
  void createWorkGradeAndVerifyAClassOfThree(Cluster cluster) throws Exception {
    Path root = Path.of(getClass().getResource("/course-ok/course.yaml").toURI()).getParent();
    CourseLoader loader = new CourseLoader(ContentSource.directory(root), CheckKinds.builtIn());
    Course course = loader.load();
    Lab wide = course.requireLab("demo/basics");
    Lab lab = new Lab(wide.id(), wide.chapterId(), wide.title(), wide.vmware(), wide.intro(), Lab.Requirements.NONE, wide.namespaces(),
        wide.setup(), List.of(), List.of(wide.exercises().get(0)), wide.identities());
    String name = "it-" + UUID.randomUUID().toString().substring(0, 6);
    Classroom classroom = new Classroom(cluster.client(), name);
    Path dir = Files.createTempDirectory("kubelab-class");
    try {
      Classroom.CreateReport report = classroom.create(Roster.parse("r.csv", "id,name\ns1,Ada\ns2,Bob\ns3,Cy\n"), StudentLimits.DEFAULTS,
          1, dir, m -> {});
      assertThat(report.students()).hasSize(3);
      for (Classroom.Created c : report.students()) {
        try (KubernetesClient student = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(null, c.kubeconfig().toFile())).build()) {
          assertThat(Namespaced.canCreateNamespaces(student)).isFalse();
          LabEngine engine = new LabEngine(course, loader.templates(), CheckKinds.builtIn(), student, true);
          Placement p = Placement.into(lab, c.namespace());
          // a student may not list nodes: the names come from what 'class create' recorded in the namespace
          assertThatThrownBy(() -> student.nodes().list())
              .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
          assertThat(engine.model(lab, p).get("nodes")).isEqualTo(LabEngine.nodeNames(cluster.client()));
          engine.startInPlace(lab, p, m -> {});
          if (!c.student().id().equals("s3")) {
            engine.applySolution(lab, lab.exercises().get(0), p, m -> {});
            engine.recordSolution(lab, p, lab.exercises().get(0).id(), LabEngine.SOLUTION_APPLIED);
          }
          String neighbour = report.students().get((report.students().indexOf(c) + 1) % 3).namespace();
          assertThatThrownBy(() -> student.secrets().inNamespace(neighbour).list())
              .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
        }
      }
      LabEngine instructor = new LabEngine(course, loader.templates(), CheckKinds.builtIn(), cluster.client(), true);
      Gradebook book = new ClassGrader(ClassGrader.by(instructor), 2, Clock.systemUTC()).grade(name, lab.id(), classroom.students(), List.of(lab));
      assertThat(book.rows()).extracting(r -> r.cells().get(0).passed()).containsExactly(true, true, false);
      assertThat(book.rows()).extracting(r -> r.cells().get(0).solution()).containsExactly("applied", "applied", null);
      // what each student's own grading says is what the instructor's says
      for (Classroom.Created c : report.students()) {
        try (KubernetesClient student = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(null, c.kubeconfig().toFile())).build()) {
          LabEngine engine = new LabEngine(course, loader.templates(), CheckKinds.builtIn(), student, true);
          Placement p = Placement.into(lab, c.namespace());
          var mine = engine.gradeLab(lab, p, engine.recordedLearner(lab, p));
          var row = book.rows().stream().filter(r -> r.namespace().equals(c.namespace())).findFirst().orElseThrow();
          assertThat(mine).extracting(dev.kubelab.labs.api.ExerciseResult::score)
              .containsExactly(row.cells().stream().map(Gradebook.Cell::score).toArray(Double[]::new));
          engine.resetInPlace(lab, p, m -> {});
        }
      }
      assertThat(new Isolation(cluster.client()).verify(classroom.students())).noneMatch(Isolation.Probe::gap);
    } finally {
      classroom.delete(m -> {});
    }
  }
}
