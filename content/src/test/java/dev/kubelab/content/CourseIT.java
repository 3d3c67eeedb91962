package dev.kubelab.content;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelab.labs.api.CheckResult;
import dev.kubelab.labs.addon.Addons;
import dev.kubelab.labs.api.Cluster;
import dev.kubelab.labs.api.Course;
import dev.kubelab.labs.api.ExerciseResult;
import dev.kubelab.labs.api.Placement;
import dev.kubelab.labs.check.CheckKinds;
import dev.kubelab.labs.content.ContentSource;
import dev.kubelab.labs.content.CourseLoader;
import dev.kubelab.labs.engine.LabEngine;
import dev.kubelab.labs.testing.RealCluster;
import dev.kubelab.labs.testing.SelfTest;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every exercise on a real cluster (k3s in a container, or KUBELAB_IT_KUBECONFIG): the start
 * state fails, and the reference solution passes every check, exec included, once the
 * cluster's controllers have settled.
 */
@ExtendWith(RealCluster.class)
class CourseIT {

  @TestFactory
  Stream<DynamicTest> everyExerciseOnARealCluster(Cluster cluster) {
    CourseLoader loader = new CourseLoader(ContentSource.classpath(), CheckKinds.builtIn());
    Course course = loader.load();
    LabEngine engine = new LabEngine(course, loader.templates(), CheckKinds.builtIn(), cluster, true, Addons.builtIn(), home());
    SelfTest selfTest = new SelfTest(engine, loader.templates(), true);
    String run = UUID.randomUUID().toString().substring(0, 5);
    return course.labs().stream().flatMap(lab -> lab.exercises().stream().flatMap(e -> {
      // a lab the cluster at hand cannot serve (too few nodes, not k3s) is skipped, saying why
      Runnable servable = () -> Assumptions.assumeTrue(engine.preflight(lab).isEmpty(),
          () -> lab.id() + " cannot run on this cluster: " + engine.preflight(lab));
      Placement start = SelfTest.placement(lab, e, run + "s");
      Placement solved = SelfTest.placement(lab, e, run + "p");
      return Stream.concat(Stream.of(
          DynamicTest.dynamicTest(lab.id() + "/" + e.id() + " fails untouched", () -> {
            servable.run();
            try {
              ExerciseResult r = orSkip(lab, () -> selfTest.startState(lab, e, start));
              assertThat(r.checks()).as(CourseSelfTest.describe(r)).anyMatch(c -> c.status() == CheckResult.Status.FAILED);
              assertThat(r.score()).as("an untouched exercise earns nothing\n" + CourseSelfTest.describe(r)).isZero();
            } finally {
              engine.cleanup(lab, start, m -> {}, Duration.ofMinutes(3));
            }
          }),
          DynamicTest.dynamicTest(lab.id() + "/" + e.id() + " passes with its solution", () -> {
            servable.run();
            try {
              ExerciseResult r = orSkip(lab, () -> selfTest.solved(lab, e, solved, Duration.ofMinutes(6)));
              assertThat(r.passed()).as(CourseSelfTest.describe(r)).isTrue();
            } finally {
              engine.cleanup(lab, solved, m -> {}, Duration.ofMinutes(3));
            }
          })), wrongCases(engine, selfTest, lab, e, run));
    }));
  }

  /** Every known-wrong case, caught on a real cluster too (exec, can-i and traffic checks included). */
  private static Stream<DynamicTest> wrongCases(LabEngine engine, SelfTest selfTest, dev.kubelab.labs.api.Lab lab,
      dev.kubelab.labs.api.Exercise e, String run) {
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    return e.wrong().stream().map(w -> {
      Placement p = SelfTest.placement(lab, e, run + "w" + n.incrementAndGet());
      return DynamicTest.dynamicTest(lab.id() + "/" + e.id() + " is not fooled by: " + w.what(), () -> {
        Assumptions.assumeTrue(engine.preflight(lab).isEmpty(), () -> lab.id() + " cannot run on this cluster: " + engine.preflight(lab));
        try {
          ExerciseResult r = orSkip(lab, () -> selfTest.wrong(lab, e, w, p, Duration.ofSeconds(45)));
          assertThat(SelfTest.notCaught(w, r)).as(CourseSelfTest.describe(r)).isEmpty();
        } finally {
          engine.cleanup(lab, p, m -> {}, Duration.ofMinutes(3));
        }
      });
    });
  }

  /**
   * An add-on that cannot be downloaded here (no route to GitHub, a rate limit, a proxy) is a
   * limit of the environment, like a lab the cluster cannot serve: skipped with its reason, so
   * that real failures stand out.
   */
  static ExerciseResult orSkip(dev.kubelab.labs.api.Lab lab, java.util.function.Supplier<ExerciseResult> work) {
    try {
      return work.get();
    } catch (dev.kubelab.labs.api.KubelabException e) {
      boolean download = e.exitCode() == dev.kubelab.labs.api.KubelabException.ENVIRONMENT && !lab.requires().addons().isEmpty()
          && String.valueOf(e.getMessage()).contains("download");
      if (download) Assumptions.abort(lab.id() + " needs add-ons " + lab.requires().addons() + " that cannot be installed here: " + e.getMessage());
      throw e;
    }
  }

  /** A kubelab home of the test's own, for add-on downloads and the learner's Git repositories. */
  private static java.nio.file.Path home() {
    try {
      return java.nio.file.Files.createTempDirectory("kubelab-course-it");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
