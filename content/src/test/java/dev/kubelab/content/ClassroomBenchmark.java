package dev.kubelab.content;

import dev.kubelab.labs.api.Chapter;
import dev.kubelab.labs.api.Course;
import dev.kubelab.labs.api.Exercise;
import dev.kubelab.labs.api.Lab;
import dev.kubelab.labs.api.Placement;
import dev.kubelab.labs.check.CheckKinds;
import dev.kubelab.labs.classroom.ClassGrader;
import dev.kubelab.labs.classroom.ClassStudent;
import dev.kubelab.labs.classroom.Gradebook;
import dev.kubelab.labs.classroom.Namespaced;
import dev.kubelab.labs.content.ContentSource;
import dev.kubelab.labs.content.CourseLoader;
import dev.kubelab.labs.engine.LabEngine;
import dev.kubelab.labs.testing.MockState;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Classroom grading at class scale: 30 students, every lab of one chapter that runs in a
 * student's namespace, graded on one API server (fabric8's mock server on loopback) with
 * different concurrency bounds. Half the class has applied the reference solutions. A report, not
 * a timed test: {@code ./mvnw -pl content -am test -Pbenchmark}, then read
 * content/target/benchmark-classroom.txt. Target: well under a minute.
 */
@Tag("benchmark")
@EnableKubernetesMockClient(crud = true)
class ClassroomBenchmark {
  static KubernetesClient client;
  static final int STUDENTS = 30;

  @Test
  void gradeAClassOfThirtyOnAWholeChapter() throws Exception {
    CourseLoader loader = new CourseLoader(ContentSource.classpath(), CheckKinds.builtIn());
    Course course = loader.load();
    client.nodes().resource(new NodeBuilder().withNewMetadata().withName("k3s-server").endMetadata()
        .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition()
        .withNewNodeInfo().withKubeletVersion("v1.35.5+k3s1").endNodeInfo().endStatus().build()).createOr(NonDeletingOperation::update);
    client.storage().v1().storageClasses().resource(new StorageClassBuilder().withNewMetadata().withName("local-path")
        .addToAnnotations("storageclass.kubernetes.io/is-default-class", "true").endMetadata().withProvisioner("rancher.io/local-path")
        .build()).createOr(NonDeletingOperation::update);
    LabEngine engine = new LabEngine(course, loader.templates(), CheckKinds.builtIn(), client, false);
    Chapter chapter = course.chapters().stream()
        .max(Comparator.comparingLong(c -> c.labs().stream().filter(l -> Namespaced.unavailable(l).isEmpty())
            .mapToInt(l -> l.exercises().size()).sum())).orElseThrow();
    List<Lab> labs = chapter.labs().stream().filter(l -> Namespaced.unavailable(l).isEmpty()).toList();
    List<ClassStudent> students = new ArrayList<>();
    for (int i = 1; i <= STUDENTS; i++) {
      String ns = String.format("class-bench-s%02d", i);
      students.add(new ClassStudent(String.format("s%02d", i), "Student " + i, null, ns));
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).createOr(NonDeletingOperation::update);
      for (Lab lab : labs) {
        Placement p = Placement.into(lab, ns);
        engine.startInPlace(lab, p, m -> {});
        if (i % 2 == 0) continue;
        java.util.Map<String, String> answers = new java.util.HashMap<>();
        for (Exercise e : lab.exercises()) {
          engine.applySolution(lab, e, p, m -> {});
          answers.putAll(engine.solutionAnswers(lab, e, p));
          engine.recordAnswers(lab, p, answers);
          if (e.solution().state() != null) {
            MockState.apply(client, loader.templates().render(e.solution().state(), engine.model(lab, p)), p.main());
          }
        }
      }
    }
    int exercises = labs.stream().mapToInt(l -> l.exercises().size()).sum();
    List<String> lines = new ArrayList<>();
    lines.add("Classroom grading: " + STUDENTS + " students x chapter '" + chapter.id() + "' (" + labs.size() + " labs that run in a"
        + " namespace, " + exercises + " exercises) on one mock API server");
    lines.add(String.format("%-10s %10s %8s %14s", "parallel", "wall", "peak", "per student"));
    new ClassGrader(ClassGrader.by(engine), 8, Clock.systemUTC()).grade("bench", chapter.id(), students, labs); // warm-up
    for (int parallel : new int[] {1, 4, 8, 16}) {
      Gradebook book = new ClassGrader(ClassGrader.by(engine), parallel, Clock.systemUTC()).grade("bench", chapter.id(), students, labs);
      long passed = book.rows().stream().filter(r -> r.cells().stream().allMatch(c -> c.passed()
          || c.failed().stream().allMatch(f -> f.detail().startsWith("skipped:")))).count();
      lines.add(String.format("%-10d %8d ms %8d %11.1f ms   (%d of %d students passed every check the mock can run)", parallel, book.stats().wallMillis(),
          book.stats().peakConcurrency(), book.stats().wallMillis() / (double) STUDENTS, passed, STUDENTS));
    }
    Gradebook sample = new ClassGrader(ClassGrader.by(engine), 8, Clock.systemUTC()).grade("bench", chapter.id(), students.subList(0, 1), labs);
    lines.add("a solved student's checks that did not pass on the mock (skipped ones need a real cluster):");
    for (int c = 0; c < sample.columns().size(); c++) {
      for (Gradebook.Failure f : sample.rows().get(0).cells().get(c).failed()) {
        lines.add("  " + sample.columns().get(c).key() + " " + f.check() + ": " + f.detail());
      }
    }
    Path out = Path.of("target", "benchmark-classroom.txt");
    Files.createDirectories(out.getParent());
    Files.write(out, lines);
    lines.forEach(System.out::println);
  }
}
