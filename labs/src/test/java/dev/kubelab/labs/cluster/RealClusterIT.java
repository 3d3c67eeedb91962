package dev.kubelab.labs.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelab.labs.api.Cluster;
import dev.kubelab.labs.api.Course;
import dev.kubelab.labs.api.Lab;
import dev.kubelab.labs.api.Placement;
import dev.kubelab.labs.check.CheckKinds;
import dev.kubelab.labs.content.ContentSource;
import dev.kubelab.labs.content.CourseLoader;
import dev.kubelab.labs.engine.LabEngine;
import dev.kubelab.labs.grade.LearnerState;
import dev.kubelab.labs.testing.RealCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The cluster backends against a real cluster: readiness, kubeconfig, kubectl, a lab end to end. */
@ExtendWith(RealCluster.class)
class RealClusterIT {

  @Test
  void clusterIsReadyAndKubectlWorks(Cluster cluster) throws Exception {
    assertThat(cluster.client().nodes().list().getItems()).isNotEmpty();
    assertThat(cluster.kubeconfig()).isPresent();
    assertThat(Files.readString(cluster.kubeconfig().get())).contains("server:");
    StringBuilder out = new StringBuilder();
    assertThat(cluster.kubectl(java.util.List.of("get", "namespaces"), out)).isZero();
    assertThat(out).contains("kube-system");
  }

  @Test
  void aLabStartsFailsThenPassesAndResets(Cluster cluster) throws Exception {
    Path root = Path.of(getClass().getResource("/course-ok/course.yaml").toURI()).getParent();
    CourseLoader loader = new CourseLoader(ContentSource.directory(root), CheckKinds.builtIn());
    Course course = loader.load();
    LabEngine engine = new LabEngine(course, loader.templates(), CheckKinds.builtIn(), cluster.client(), true);
    Lab lab = course.requireLab("demo/basics");
    Placement p = Placement.prefixed(lab, "it-" + UUID.randomUUID().toString().substring(0, 6));
    try {
      assertThat(engine.preflight(lab)).isEmpty();
      Map<String, String> uids = engine.start(lab, p, m -> {});
      assertThat(engine.grade(lab, lab.exercises().get(0), p, LearnerState.of(Map.of(), uids)).passed()).isFalse();
      engine.applySolution(lab, lab.exercises().get(0), p, m -> {});
      assertThat(engine.grade(lab, lab.exercises().get(0), p, LearnerState.of(Map.of(), uids)).passed()).isTrue();
      Map<String, String> again = engine.reset(lab, p, m -> {});
      assertThat(engine.grade(lab, lab.exercises().get(0), p, LearnerState.of(Map.of(), again)).passed()).isFalse();
    } finally {
      engine.cleanup(lab, p, m -> {}, Duration.ofMinutes(2));
    }
  }
}
