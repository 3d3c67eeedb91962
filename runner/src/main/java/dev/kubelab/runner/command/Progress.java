package dev.kubelab.runner.command;

import dev.kubelab.labs.api.Chapter;
import dev.kubelab.labs.api.Course;
import dev.kubelab.labs.api.Exercise;
import dev.kubelab.labs.api.Lab;
import dev.kubelab.runner.App;
import dev.kubelab.runner.Main;
import dev.kubelab.runner.progress.ExerciseRecord;
import dev.kubelab.runner.progress.LabRecord;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** Every exercise's record: passed and when, score, hints used, solution viewed. */
@Command(name = "progress", mixinStandardHelpOptions = true, description = "Show your progress, exercise by exercise.")
public final class Progress implements Callable<Integer> {
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  @ParentCommand
  private Main main;

  @Override
  public Integer call() {
    App app = main.app();
    Course course = app.course();
    var progress = app.progress().data();
    PrintWriter out = app.out();
    ZoneId zone = app.clock().getZone();
    double total = 0;
    int max = 0;
    int idWidth = course.labs().stream().mapToInt(l -> l.id().length()).max().orElse(10);
    for (Chapter chapter : course.chapters()) {
      out.println(app.ansi().bold(chapter.title()) + app.ansi().dim("  (" + chapter.id() + ")"));
      for (Lab lab : chapter.labs()) {
        LabRecord rec = progress.labOrEmpty(lab.id());
        total += rec.score();
        max += lab.points();
        boolean started = progress.labs.containsKey(lab.id());
        out.println("  " + app.ansi().bold(String.format("%-" + idWidth + "s", lab.id())) + "  " + TaskView.score(rec.score(), lab.points())
            + (started ? "" : app.ansi().dim("  not started")));
        if (!started) continue;
        int w = lab.exercises().stream().mapToInt(e -> e.id().length()).max().orElse(8);
        for (Exercise e : lab.exercises()) {
          ExerciseRecord x = rec.exerciseOrEmpty(e.id());
          String mark = x.passed ? app.ansi().green("✔") : "·";
          StringBuilder line = new StringBuilder(String.format("    %s %-" + w + "s  %-12s", mark, e.id(),
              TaskView.score(x.bestScore, e.points())));
          if (x.passedAt != null) line.append("  passed ").append(WHEN.format(Instant.parse(x.passedAt).atZone(zone)));
          if (x.hintsUsed > 0) line.append("  hints ").append(x.hintsUsed);
          if (x.solutionViewed) line.append("  solution viewed");
          out.println(line.toString().stripTrailing());
        }
      }
      out.println();
    }
    out.println(app.ansi().bold("Total: " + TaskView.score(total, max)));
    return 0;
  }
}
