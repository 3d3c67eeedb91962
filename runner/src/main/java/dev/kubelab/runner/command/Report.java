package dev.kubelab.runner.command;

import dev.kubelab.labs.api.Exercise;
import dev.kubelab.labs.api.Lab;
import dev.kubelab.labs.classroom.SelfReport;
import dev.kubelab.runner.App;
import dev.kubelab.runner.Main;
import dev.kubelab.runner.classroom.ClassFiles;
import dev.kubelab.runner.progress.ExerciseRecord;
import dev.kubelab.runner.progress.LabRecord;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Exports the learner's progress as JSON, for an instructor's 'class import'. Reads files only. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"Export your progress as JSON for your instructor ('class import' adds it to the class gradebook).",
        "It is self-reported: your instructor sees what your own kubelab recorded, which cannot be re-checked;",
        "only grading on the shared class cluster is tamper-resistant."})
public final class Report implements Callable<Integer> {
  @ParentCommand
  private Main main;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "the file to write, e.g. s01.json")
  private Path out;

  @Option(names = "--student", paramLabel = "ID", description = "your student id on the class roster (default: the file name)")
  private String student;

  @Option(names = "--student-name", paramLabel = "NAME", description = "your name as the instructor knows it")
  private String name;

  @Override
  public Integer call() {
    App app = main.app();
    var progress = app.progress().data();
    Map<String, Map<String, SelfReport.Result>> labs = new LinkedHashMap<>();
    int passed = 0;
    for (Lab lab : app.course().labs()) {
      LabRecord rec = progress.labs.get(lab.id());
      if (rec == null) continue;
      Map<String, SelfReport.Result> ex = new LinkedHashMap<>();
      for (Exercise e : lab.exercises()) {
        ExerciseRecord x = rec.exerciseOrEmpty(e.id());
        ex.put(e.id(), new SelfReport.Result(x.passed, Math.min(x.bestScore, e.points()), x.passedAt));
        if (x.passed) passed++;
      }
      labs.put(lab.id(), ex);
    }
    String id = student != null ? student : out.getFileName().toString().replaceFirst("\\.json$", "");
    SelfReport report = new SelfReport(id, name, app.clock().instant().toString(), labs);
    ClassFiles.write(out.toAbsolutePath(), report.toJson());
    app.out().println(app.ansi().green("✔ ") + "progress of " + labs.size() + " lab(s), " + passed + " exercise(s) passed, written to "
        + out.toAbsolutePath());
    app.out().println(app.ansi().dim("Send it to your instructor; it is self-reported: only grading on the shared class cluster is tamper-resistant."));
    return 0;
  }
}
