package dev.kubelab.content;

import dev.kubelab.labs.api.Course;
import dev.kubelab.labs.api.Exercise;
import dev.kubelab.labs.api.Lab;
import dev.kubelab.labs.api.Placement;
import dev.kubelab.labs.check.CheckKinds;
import dev.kubelab.labs.content.ContentSource;
import dev.kubelab.labs.content.CourseLoader;
import dev.kubelab.labs.engine.LabEngine;
import dev.kubelab.labs.grade.ClusterView;
import dev.kubelab.labs.grade.LearnerState;
import dev.kubelab.labs.testing.SelfTest;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Grading latency per exercise and per lab against a local API server (fabric8's mock server on
 * loopback), with each lab's reference solution in place. A report, not a timed test: run it with
 * {@code ./mvnw -pl content -am test -Pbenchmark}
 * and read content/target/benchmark-grading.txt. Target: median under 50 ms per exercise.
 */
@Tag("benchmark")
@EnableKubernetesMockClient(crud = true)
class GradingBenchmark {
  static KubernetesClient client;
  static final int WARMUP = 20;
  static final int RUNS = 100;

  @Test
  void gradingLatency() throws IOException {
    CourseLoader loader = new CourseLoader(ContentSource.classpath(), CheckKinds.builtIn());
    Course course = loader.load();
    client.nodes().resource(new NodeBuilder().withNewMetadata().withName("k3s-server").endMetadata()
        .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition()
        .withNewNodeInfo().withKubeletVersion("v1.35.5+k3s1").endNodeInfo().endStatus().build())
        .createOr(NonDeletingOperation::update);
    client.storage().v1().storageClasses().resource(new io.fabric8.kubernetes.api.model.storage.StorageClassBuilder()
        .withNewMetadata().withName("local-path").addToAnnotations("storageclass.kubernetes.io/is-default-class", "true")
        .endMetadata().withProvisioner("rancher.io/local-path").build()).createOr(NonDeletingOperation::update);
    LabEngine engine = new LabEngine(course, loader.templates(), CheckKinds.builtIn(), client, false);
    SelfTest selfTest = new SelfTest(engine, loader.templates(), false);
    List<String> lines = new ArrayList<>();
    lines.add(String.format("%-48s %8s %8s %8s %6s", "exercise / lab (solution applied)", "median", "p95", "max", "lists"));
    for (Lab lab : course.labs()) {
      Exercise last = lab.exercises().get(lab.exercises().size() - 1);
      Placement p = SelfTest.placement(lab, last, "bench");
      selfTest.solved(lab, last, p, Duration.ZERO); // all of the lab's solutions in place
      LearnerState learner = LearnerState.of(Map.of(), Map.of());
      for (Exercise e : lab.exercises()) {
        ClusterView[] view = new ClusterView[1];
        List<Long> t = time(() -> {
          view[0] = new ClusterView(client);
          return engine.grade(lab, e, p, learner, view[0]);
        });
        lines.add(row(lab.id() + "/" + e.id(), t, view[0].calls()));
      }
      ClusterView[] view = new ClusterView[1];
      List<Long> t = time(() -> {
        view[0] = new ClusterView(client);
        return lab.exercises().stream().map(e -> engine.grade(lab, e, p, learner, view[0])).toList();
      });
      lines.add(row(lab.id() + " (whole lab)", t, view[0].calls()));
    }
    Path out = Path.of("target", "benchmark-grading.txt");
    Files.createDirectories(out.getParent());
    Files.write(out, lines);
    lines.forEach(System.out::println);
  }

  static List<Long> time(Supplier<?> work) {
    for (int i = 0; i < WARMUP; i++) work.get();
    List<Long> micros = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      long start = System.nanoTime();
      work.get();
      micros.add((System.nanoTime() - start) / 1000);
    }
    Collections.sort(micros);
    return micros;
  }

  static String row(String name, List<Long> micros, int calls) {
    return String.format("%-48s %6.1fms %6.1fms %6.1fms %6d", name, micros.get(micros.size() / 2) / 1000.0,
        micros.get((int) (micros.size() * 0.95)) / 1000.0, micros.get(micros.size() - 1) / 1000.0, calls);
  }
}
