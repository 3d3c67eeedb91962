package dev.kubelab.runner.exam;

import dev.kubelab.labs.api.CheckResult;
import dev.kubelab.labs.api.Exercise;
import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.labs.api.Lab;
import dev.kubelab.labs.api.Placement;
import dev.kubelab.labs.engine.LabEngine;
import dev.kubelab.labs.exam.Draw;
import dev.kubelab.labs.exam.DrawnTask;
import dev.kubelab.labs.exam.ExamDefinition;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Starts an attempt: asks every preflight of the exam's labs, draws its tasks from those the
 * cluster can run (saying why each other lab was left out), then sets
 * each task up in its own namespaces, with the reference solutions of the lab's earlier exercises
 * applied so the task starts where a learner doing the lab would be. The clock starts once all is set up.
 */
public final class ExamSetup {
  private static final DateTimeFormatter ID = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
  private final ExamSession session;

  public ExamSetup(ExamSession session) {
    this.session = session;
  }

  public Attempt start(ExamDefinition exam, Long seed, Consumer<String> progress) {
    session.running().ifPresent(a -> {
      throw KubelabException.usage("exam attempt " + a.id + " is still running ("
          + ExamSession.words(a.remaining(session.now())) + " left)", "'exam resume' continues it, 'exam submit' ends it");
    });
    LabEngine engine = session.app().engine();
    // draw only what this cluster can run: every preflight a task could fail is asked first, the slow
    // NetworkPolicy proof included (remembered per cluster), so no drawn task is refused mid-setup
    List<Lab> pool = exam.labs().stream().map(session.app().course()::requireLab).toList();
    engine.prove(pool, progress);
    Map<String, List<String>> refused = new LinkedHashMap<>();
    engine.preflight(pool).forEach((lab, why) -> {
      if (!why.isEmpty()) refused.put(lab, why);
    });
    ExamDefinition servable = exam.without(refused.keySet());
    Set<String> problems = new LinkedHashSet<>();
    for (ExamDefinition.Domain d : servable.domains()) {
      if (d.tasks().size() < d.draw()) {
        problems.add(d.title() + " draws " + d.draw() + " task(s), and only " + d.tasks().size() + " of its pool can run here");
      }
    }
    if (!problems.isEmpty()) {
      refused.forEach((lab, why) -> problems.add(lab + ": " + String.join("; ", why)));
      throw KubelabException.environment("this cluster cannot serve exam " + exam.name() + ":\n  " + String.join("\n  ", problems),
          "use a cluster that meets these needs (kubelab's own k3s does), or another exam");
    }
    if (!refused.isEmpty()) {
      progress.accept("left out of the draw, as this cluster cannot run them:");
      refused.forEach((lab, why) -> {
        progress.accept("  " + lab + ": " + why.get(0));
        why.subList(1, why.size()).forEach(more -> progress.accept("    and: " + more));
      });
    }
    long s = seed != null ? seed : freshSeed(servable);
    List<DrawnTask> drawn = Draw.draw(servable, s);
    Attempt a = new Attempt();
    a.id = attemptId(exam);
    a.exam = exam.name();
    a.title = exam.title();
    a.seed = s;
    a.minutes = exam.minutes();
    List<AttemptTask> done = new ArrayList<>();
    DrawnTask current = null;
    try {
      for (DrawnTask d : drawn) {
        current = d;
        progress.accept("task " + d.number() + " of " + drawn.size() + ": setting up " + d.lab());
        done.add(setUp(engine, a.id, d, progress));
      }
    } catch (RuntimeException e) {
      progress.accept("setup failed; removing what the exam set up so far");
      for (AttemptTask t : done) cleanQuietly(engine, session.lab(t), session.placement(t), progress);
      if (current != null && done.size() < current.number()) {
        Lab lab = session.app().course().requireLab(current.lab());
        cleanQuietly(engine, lab, Placement.prefixed(lab, prefix(a.id, current)), progress);
      }
      throw e;
    }
    Instant start = session.now();
    a.tasks = done;
    a.startedAt = start.toString();
    a.deadline = start.plus(exam.duration()).toString();
    a.currentTask = 1;
    session.store().save(a);
    return a;
  }

  private AttemptTask setUp(LabEngine engine, String attemptId, DrawnTask d, Consumer<String> progress) {
    Lab lab = session.app().course().requireLab(d.lab());
    AttemptTask t = new AttemptTask();
    t.number = d.number();
    t.domain = d.domain();
    t.lab = d.lab();
    t.exercise = d.exercise();
    t.points = d.points();
    t.prefix = prefix(attemptId, d);
    Placement placement = Placement.prefixed(lab, t.prefix);
    t.setupUids.putAll(engine.start(lab, placement, progress));
    for (Exercise earlier : lab.exercises().subList(0, lab.index(d.exercise()))) {
      progress.accept("applying the solution of " + earlier.id() + ", which comes before this task in " + lab.id());
      engine.applySolution(lab, earlier, placement, progress);
    }
    Exercise ex = lab.exercise(d.exercise()).orElseThrow();
    engine.grade(lab, ex, placement, session.learner(t)).checks().stream()
        .filter(CheckResult::passed).map(CheckResult::id).forEach(t.heldAtStart::add);
    return t;
  }

  private static String prefix(String attemptId, DrawnTask d) {
    return "exam-" + attemptId + "-" + d.number();
  }

  /** Cleans up after a failed setup; the setup error is the one worth reporting. */
  private static void cleanQuietly(LabEngine engine, Lab lab, Placement placement, Consumer<String> progress) {
    try {
      engine.cleanup(lab, placement, progress, Duration.ofMinutes(2));
    } catch (RuntimeException ignored) {
      // the setup error is the one worth reporting
    }
  }

  private String attemptId(ExamDefinition exam) {
    String base = exam.name() + "-" + ID.format(session.now());
    String id = base;
    for (int i = 2; session.store().read(id).isPresent(); i++) id = base + "-" + i;
    return id;
  }

  /** A seed whose draw differs from the last attempt of the same exam, when the pools allow one. */
  private long freshSeed(ExamDefinition exam) {
    SecureRandom random = new SecureRandom();
    List<String> last = session.store().all(w -> {}).stream().filter(a -> Objects.equals(a.exam, exam.name()))
        .reduce((x, y) -> y).map(a -> a.tasks.stream().map(t -> t.lab + "/" + t.exercise).toList()).orElse(List.of());
    long seed = 0;
    for (int i = 0; i < 20; i++) {
      seed = random.nextInt(1_000_000_000);
      List<String> keys = Draw.draw(exam, seed).stream().map(t -> t.lab() + "/" + t.exercise()).toList();
      if (!keys.equals(last)) break;
    }
    return seed;
  }
}
