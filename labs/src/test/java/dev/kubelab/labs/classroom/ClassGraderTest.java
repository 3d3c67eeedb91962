package dev.kubelab.labs.classroom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelab.labs.api.Exercise;
import dev.kubelab.labs.api.ExerciseResult;
import dev.kubelab.labs.api.Lab;
import dev.kubelab.labs.api.Placement;
import dev.kubelab.labs.check.CheckKinds;
import dev.kubelab.labs.content.ContentSource;
import dev.kubelab.labs.content.CourseLoader;
import dev.kubelab.labs.engine.LabEngine;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class ClassGraderTest {
  static KubernetesClient client;
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);
  LabEngine engine;
  Lab lab;
  Lab wide;

  @BeforeEach
  void load() throws Exception {
    Path root = Path.of(getClass().getResource("/course-ok/course.yaml").toURI()).getParent();
    CourseLoader loader = new CourseLoader(ContentSource.directory(root), CheckKinds.builtIn());
    engine = new LabEngine(loader.load(), loader.templates(), CheckKinds.builtIn(), client, false);
    wide = engine.course().requireLab("demo/basics");
    // the same lab without its cluster-scoped exercise: one that fits a student's namespace
    lab = new Lab(wide.id(), wide.chapterId(), wide.title(), wide.vmware(), wide.intro(), Lab.Requirements.NONE, wide.namespaces(),
        wide.setup(), List.of(), List.of(wide.exercises().get(0)), wide.identities());
    client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-1").endMetadata().withNewStatus().addNewCondition()
        .withType("Ready").withStatus("True").endCondition().endStatus().build()).createOr(NonDeletingOperation::update);
  }

  static List<ClassStudent> students(int n) {
    List<ClassStudent> out = new ArrayList<>();
    for (int i = 1; i <= n; i++) out.add(new ClassStudent(String.format("s%02d", i), "Student " + i, null, String.format("class-g-s%02d", i)));
    return out;
  }

  @Test
  void noMoreThanTheBoundGradeAtOnce() {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    CyclicBarrier three = new CyclicBarrier(3);
    ClassGrader.LabGrading slow = (s, l, p) -> {
      peak.accumulateAndGet(running.incrementAndGet(), Math::max);
      try {
        three.await(5, TimeUnit.SECONDS); // proves three do run together
        Thread.sleep(5);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      } finally {
        running.decrementAndGet();
      }
      return List.of();
    };
    Gradebook book = new ClassGrader(slow, 3, CLOCK).grade("g", "demo/basics", students(21), List.of(lab));
    assertThat(peak.get()).isEqualTo(3);
    assertThat(book.stats().peakConcurrency()).isEqualTo(3);
    assertThat(book.stats().parallel()).isEqualTo(3);
    assertThat(book.rows()).hasSize(21).allMatch(r -> r.error() == null);
  }

  @Test
  void everyStudentsNamespaceIsGradedAndFailuresSayWhatWasFound() {
    List<ClassStudent> two = students(2);
    for (ClassStudent s : two) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(s.namespace()).endMetadata().build())
          .createOr(NonDeletingOperation::update);
      engine.startInPlace(lab, Placement.into(lab, s.namespace()), m -> {});
    }
    engine.applySolution(lab, lab.exercises().get(0), Placement.into(lab, two.get(0).namespace()), m -> {});
    Gradebook book = new ClassGrader(ClassGrader.by(engine), 8, CLOCK).grade("g", "demo/basics", two, List.of(lab));
    assertThat(book.columns()).extracting(Gradebook.Column::key).containsExactly("demo/basics/config");
    assertThat(book.maxTotal()).isEqualTo(2);
    Gradebook.Row done = book.rows().get(0);
    Gradebook.Row notYet = book.rows().get(1);
    assertThat(done.cells().get(0).passed()).isTrue(); // 'unchanged' passes: the setup UIDs were recorded in the namespace
    assertThat(done.total()).isEqualTo(2.0);
    assertThat(notYet.cells().get(0).passed()).isFalse();
    assertThat(notYet.cells().get(0).failed()).singleElement().satisfies(f -> {
      assertThat(f.check()).isEqualTo("mode-on");
      assertThat(f.detail()).contains("expected 'on', found 'off'");
    });
    assertThat(book.gradedAt()).isEqualTo("2026-03-01T10:00:00Z");
  }

  @Test
  void oneStudentWhoCannotBeGradedDoesNotStopTheClass() {
    ClassGrader.LabGrading flaky = (s, l, p) -> {
      if (s.id().equals("s02")) throw dev.kubelab.labs.api.KubelabException.environment("forbidden", null);
      return List.<ExerciseResult>of();
    };
    Gradebook book = new ClassGrader(flaky, 2, CLOCK).grade("g", "x", students(3), List.of(lab));
    assertThat(book.rows()).extracting(Gradebook.Row::error).containsExactly(null, "demo/basics: forbidden", null);
  }

  @Test
  void labsThatDoNotFitANamespaceAreRefused() {
    assertThatThrownBy(() -> new ClassGrader(ClassGrader.by(engine), 2, CLOCK).grade("g", "x", students(1), List.of(wide)))
        .hasMessageContaining("cannot be graded in students' namespaces");
  }

  @Test
  void aChapterIsGradedWithoutTheLabsThatDoNotFitANamespaceEachNamedWithItsReason() {
    Lab other = new Lab("demo/other", lab.chapterId(), "Other", lab.vmware(), null, Lab.Requirements.NONE, lab.namespaces(),
        lab.setup(), List.of(), lab.exercises(), lab.identities());
    Gradebook book = new ClassGrader((s, l, p) -> List.of(), 2, CLOCK).grade("g", "demo", students(2), List.of(wide, lab, other));
    assertThat(book.columns()).extracting(Gradebook.Column::lab).containsExactly("demo/basics", "demo/other");
    assertThat(book.leftOut()).singleElement().satisfies(l -> {
      assertThat(l.lab()).isEqualTo("demo/basics");
      assertThat(l.reason()).contains("cluster-wide");
    });
    assertThat(book.rows()).allSatisfy(r -> assertThat(r.cells()).hasSize(2));
    // nothing to grade at all is still refused, every lab named
    assertThatThrownBy(() -> new ClassGrader((s, l, p) -> List.of(), 2, CLOCK).grade("g", "demo", students(1), List.of(wide, wide)))
        .hasMessageContaining("no lab of demo can be graded in students' namespaces:\n  demo/basics: it creates cluster-wide");
    assertThat(new ClassGrader((s, l, p) -> List.of(), 2, CLOCK).grade("g", "demo", students(1), List.of(lab)).leftOut()).isEmpty();
  }

  @Test
  void aLabAStudentNeverStartedScoresNothingWhateverHoldsInTheirNamespace() {
    ClassStudent s = students(1).get(0);
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(s.namespace()).endMetadata().build())
        .createOr(NonDeletingOperation::update);
    // the exercise's objects are there, put by someone else: without a start of the lab they earn nothing
    engine.applySolution(lab, lab.exercises().get(0), Placement.into(lab, s.namespace()), m -> {});
    Gradebook book = new ClassGrader(ClassGrader.by(engine), 1, CLOCK).grade("g", "demo/basics", List.of(s), List.of(lab));
    assertThat(book.rows().get(0).total()).isZero();
    assertThat(book.rows().get(0).cells().get(0).failed()).singleElement().satisfies(f -> assertThat(f.detail()).isEqualTo("lab not started"));
    engine.startInPlace(lab, Placement.into(lab, s.namespace()), m -> {});
    engine.applySolution(lab, lab.exercises().get(0), Placement.into(lab, s.namespace()), m -> {});
    Gradebook started = new ClassGrader(ClassGrader.by(engine), 1, CLOCK).grade("g", "demo/basics", List.of(s), List.of(lab));
    assertThat(started.rows().get(0).total()).as("once started, the same work counts").isEqualTo(2.0);
  }

  @Test
  void anExerciseAClassCannotDoIsLeftOutOfTheGradebookWithWhy() {
    ClassStudent s = students(1).get(0);
    Exercise only = lab.exercises().get(0);
    ClassGrader.LabGrading grading = new ClassGrader.LabGrading() {
      @Override
      public List<ExerciseResult> grade(ClassStudent student, Lab l, Placement p) {
        return List.of();
      }

      @Override
      public java.util.Optional<String> unavailable(Lab l, Exercise e) {
        return e.id().equals(only.id()) ? java.util.Optional.of("opens a node port") : java.util.Optional.empty();
      }
    };
    Gradebook book = new ClassGrader(grading, 1, CLOCK).grade("g", "demo/basics", List.of(s), List.of(lab));
    assertThat(book.columns()).extracting(Gradebook.Column::key).doesNotContain(lab.id() + "/" + only.id());
    assertThat(book.rows().get(0).cells()).hasSize(book.columns().size());
    assertThat(book.leftOut()).extracting(Gradebook.LeftOut::lab, Gradebook.LeftOut::reason)
        .contains(org.assertj.core.groups.Tuple.tuple(lab.id() + "/" + only.id(), "it opens a node port"));
  }

  @Test
  void theGradebookShowsWhichSolutionsAStudentViewedOrApplied() {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("class-g-s01").endMetadata().build())
        .createOr(NonDeletingOperation::update);
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("class-g-s02").endMetadata().build())
        .createOr(NonDeletingOperation::update);
    Placement p1 = Placement.into(lab, "class-g-s01");
    String ex = lab.exercises().get(0).id();
    engine.recordSolution(lab, p1, ex, LabEngine.SOLUTION_APPLIED);
    engine.recordSolution(lab, p1, ex, LabEngine.SOLUTION_VIEWED); // applied is never taken back
    engine.recordSolution(lab, Placement.into(lab, "class-g-s02"), ex, LabEngine.SOLUTION_VIEWED);
    Gradebook book = new ClassGrader(ClassGrader.by(engine), 2, CLOCK).grade("g", "x", students(3), List.of(lab));
    assertThat(book.rows()).extracting(r -> r.cells().get(0).solution()).containsExactly("applied", "viewed", null);
  }

  @Test
  void selfReportedRowsAreAddedForStudentsWithoutACLusterRow() {
    Gradebook book = new ClassGrader((s, l, p) -> List.of(), 1, CLOCK).grade("g", "x", students(1), List.of(lab));
    SelfReport r = SelfReport.parse("r.json", new SelfReport("s09", "Nine", "2026-03-01T09:00:00Z",
        Map.of("demo/basics", Map.of("config", new SelfReport.Result(true, 2.0, null)))).toJson(), "fallback");
    SelfReport sameAsCluster = new SelfReport("s01", "One", null, Map.of());
    Gradebook merged = book.withSelfReported(List.of(r, sameAsCluster));
    assertThat(merged.rows()).extracting(Gradebook.Row::student, Gradebook.Row::source).containsExactly(
        org.assertj.core.groups.Tuple.tuple("s01", "cluster"), org.assertj.core.groups.Tuple.tuple("s09", "self-reported"));
    assertThat(merged.rows().get(1).total()).isEqualTo(2.0);
    assertThatThrownBy(() -> SelfReport.parse("x.json", "{\"labs\":{}}", "x")).hasMessageContaining("not a kubelab progress export");
  }
}
