package dev.kubelab.labs.classroom;

import dev.kubelab.labs.api.CheckResult;
import dev.kubelab.labs.api.Exercise;
import dev.kubelab.labs.api.ExerciseResult;
import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.labs.api.Lab;
import dev.kubelab.labs.api.Placement;
import dev.kubelab.labs.engine.LabEngine;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Grades a whole class with the instructor's credentials: every student's namespace, every
 * exercise of the chosen labs, at most {@code parallel} students at a time (so 30 students do not
 * become 30 bursts of list calls on the API server at once). One student who cannot be graded
 * gets an error in their row; the others are still graded.
 */
public final class ClassGrader {
  /** Grades one lab for one student; the engine's {@code gradeLab} unless a test says otherwise. */
  @FunctionalInterface
  public interface LabGrading {
    List<ExerciseResult> grade(ClassStudent student, Lab lab, Placement placement);

    /** How the student used each exercise's reference solution (exercise id → viewed or applied); none unless told. */
    default Map<String, String> solutions(ClassStudent student, Lab lab, Placement placement) {
      return Map.of();
    }

    /** Why an exercise of a lab a class can run cannot be done in a student's namespace; empty when it can. */
    default java.util.Optional<String> unavailable(Lab lab, Exercise exercise) {
      return java.util.Optional.empty();
    }

    /** Whether the student ever started the lab; one never started scores nothing, whatever holds in the namespace. */
    default boolean started(ClassStudent student, Lab lab, Placement placement) {
      return true;
    }
  }

  private final LabGrading grading;
  private final int parallel;
  private final Clock clock;

  public ClassGrader(LabGrading grading, int parallel, Clock clock) {
    if (parallel < 1) throw KubelabException.usage("--parallel must be at least 1, found " + parallel, "e.g. --parallel 8");
    this.grading = grading;
    this.parallel = parallel;
    this.clock = clock;
  }

  /**
   * Grading by the engine, with the answers and setup UIDs each student's namespaced runner
   * recorded in their namespace (see {@link LabEngine#recordAnswers}).
   */
  public static LabGrading by(LabEngine engine) {
    return new LabGrading() {
      @Override
      public List<ExerciseResult> grade(ClassStudent student, Lab lab, Placement placement) {
        return engine.gradeLab(lab, placement, engine.recordedLearner(lab, placement));
      }

      @Override
      public Map<String, String> solutions(ClassStudent student, Lab lab, Placement placement) {
        return engine.recordedSolutions(lab, placement);
      }

      @Override
      public java.util.Optional<String> unavailable(Lab lab, Exercise exercise) {
        return engine.classUnavailable(lab, exercise, Placement.standard(lab));
      }

      @Override
      public boolean started(ClassStudent student, Lab lab, Placement placement) {
        return engine.startedInPlace(lab, placement);
      }
    };
  }

  /**
   * Grades the labs of {@code scope} that can run in a student's namespace; the others are left
   * out of the gradebook, each with the reason. A usage error when none can be graded.
   */
  public Gradebook grade(String className, String scope, List<ClassStudent> students, List<Lab> scopeLabs) {
    List<Gradebook.LeftOut> leftOut = new ArrayList<>();
    List<Lab> labs = new ArrayList<>();
    for (Lab lab : scopeLabs) {
      Namespaced.unavailable(lab).ifPresentOrElse(why -> leftOut.add(new Gradebook.LeftOut(lab.id(), "it " + why)), () -> labs.add(lab));
    }
    if (labs.isEmpty()) {
      throw KubelabException.usage(leftOut.size() == 1
          ? "lab " + leftOut.get(0).lab() + " cannot be graded in students' namespaces: " + leftOut.get(0).reason()
          : "no lab of " + scope + " can be graded in students' namespaces:\n  "
              + String.join("\n  ", leftOut.stream().map(l -> l.lab() + ": " + l.reason()).toList()),
          "grade labs that run in one namespace ('list --namespace NS' shows which)");
    }
    List<Gradebook.Column> columns = new ArrayList<>();
    java.util.Set<String> skipped = new java.util.HashSet<>();
    for (Lab lab : labs) {
      for (Exercise e : lab.exercises()) {
        var why = grading.unavailable(lab, e);
        if (why.isPresent()) {
          skipped.add(lab.id() + "/" + e.id());
          leftOut.add(new Gradebook.LeftOut(lab.id() + "/" + e.id(), "it " + why.get()));
        } else {
          columns.add(new Gradebook.Column(lab.id(), e.id(), e.title(), e.points()));
        }
      }
    }
    AtomicInteger running = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parallel, students.size())), r -> {
      Thread t = new Thread(r, "kubelab-class-grader");
      t.setDaemon(true);
      return t;
    });
    List<Gradebook.Row> rows = new ArrayList<>();
    try {
      List<Future<Gradebook.Row>> futures = new ArrayList<>();
      for (ClassStudent s : students) {
        futures.add(pool.submit(() -> {
          peak.accumulateAndGet(running.incrementAndGet(), Math::max);
          try {
            return row(s, labs, skipped);
          } finally {
            running.decrementAndGet();
          }
        }));
      }
      for (Future<Gradebook.Row> f : futures) rows.add(f.get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw KubelabException.environment("grading was interrupted", "run 'class grade' again");
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
    long wall = (System.nanoTime() - start) / 1_000_000;
    return new Gradebook(className, scope, clock.instant().toString(), columns, rows, new Gradebook.Stats(wall, parallel, peak.get()),
        leftOut);
  }

  private Gradebook.Row row(ClassStudent s, List<Lab> labs, java.util.Set<String> skipped) {
    List<Gradebook.Cell> cells = new ArrayList<>();
    double total = 0;
    String error = null;
    for (Lab lab : labs) {
      List<ExerciseResult> results;
      Map<String, String> solutions = Map.of();
      try {
        Placement placement = Namespaced.placement(lab, s.namespace());
        solutions = grading.solutions(s, lab, placement);
        if (!grading.started(s, lab, placement)) {
          for (Exercise e : lab.exercises()) {
            if (skipped.contains(lab.id() + "/" + e.id())) continue;
            cells.add(new Gradebook.Cell(0, e.points(), false, List.of(new Gradebook.Failure(lab.id(), "lab not started")), solutions.get(e.id())));
          }
          continue;
        }
        results = grading.grade(s, lab, placement);
      } catch (KubelabException | IllegalStateException e) {
        error = (error == null ? "" : error + "; ") + lab.id() + ": " + e.getMessage();
        results = List.of();
      }
      for (Exercise e : lab.exercises()) {
        if (skipped.contains(lab.id() + "/" + e.id())) continue;
        ExerciseResult r = results.stream().filter(x -> x.exerciseId().equals(e.id())).findFirst().orElse(null);
        if (r == null) {
          cells.add(new Gradebook.Cell(0, e.points(), false, List.of(), solutions.get(e.id())));
          continue;
        }
        List<Gradebook.Failure> failed = r.checks().stream().filter(c -> !c.passed())
            .map(c -> new Gradebook.Failure(c.id(), (c.status() == CheckResult.Status.SKIPPED ? "skipped: " : "") + c.detail()))
            .toList();
        cells.add(new Gradebook.Cell(r.score(), e.points(), r.passed(), failed, solutions.get(e.id())));
        total += r.score();
      }
    }
    return new Gradebook.Row(s.id(), s.name(), s.email(), s.namespace(), Gradebook.CLUSTER, cells, total, error);
  }
}
