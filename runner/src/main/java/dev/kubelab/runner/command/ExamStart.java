package dev.kubelab.runner.command;

import dev.kubelab.labs.exam.ExamDefinition;
import dev.kubelab.runner.App;
import dev.kubelab.runner.exam.Attempt;
import dev.kubelab.runner.exam.ExamSession;
import dev.kubelab.runner.exam.ExamSetup;
import dev.kubelab.runner.exam.ExamTimer;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Draws the tasks, sets every one up in its own namespace, and starts the clock. */
@Command(name = "start", mixinStandardHelpOptions = true,
    description = {"Start an exam: draws its tasks, sets them all up, then starts the clock.",
        "The same --seed draws the same tasks in the same order."})
public final class ExamStart implements Callable<Integer>, Completes {
  @ParentCommand
  private Exam exam;

  @Parameters(index = "0", paramLabel = "NAME", description = "the exam ('exam list' shows them)")
  private String name;

  @Option(names = "--seed", paramLabel = "N", description = "draw as the attempt with this seed did")
  private Long seed;

  @Option(names = "--restart-cluster",
      description = "restart kubelab's own cluster when it has too few nodes or no Traefik for this exam's tasks")
  private boolean restartCluster;

  @Option(names = "--recheck", description = "test again what kubelab remembers about this cluster (NetworkPolicy enforcement)")
  private boolean recheck;

  @Override
  public Integer call() {
    App app = exam.app();
    ExamSession session = exam.session();
    ExamDefinition def = session.catalog().require(name);
    // the cluster takes the shape of every lab the exam may draw, so no task is refused mid-setup
    app.clusterFor("exam " + def.name(), "exam start " + def.name(), def.labs().stream().map(app.course()::requireLab).toList(),
        restartCluster);
    if (recheck) app.engine().forgetClusterFacts();
    app.out().println(app.ansi().bold("Setting up " + def.title()) + app.ansi().dim("  (" + def.taskCount()
        + " tasks; the clock starts when all are ready)"));
    Attempt a = new ExamSetup(session).start(def, seed, exam::progress);
    app.examTimer().arm(a);
    app.out().println();
    app.out().println(app.ansi().green("The exam has started: ") + a.tasks.size() + " tasks, " + a.minutes + " minutes, until "
        + session.local(a.deadline) + app.ansi().dim("  (attempt " + a.id + ", seed " + a.seed + ")"));
    app.out().println("No feedback until the end, as in the real exam; check, hints and solutions are locked.");
    app.out().println("'exam task 1' shows the first task; 'exam status' the clock and all tasks; 'exam submit' ends it.");
    app.out().flush();
    return 0;
  }

  @Override
  public List<String> candidates(App app, List<String> typed) {
    return typed.isEmpty() ? new ExamSession(app).catalog().names() : List.of();
  }
}
