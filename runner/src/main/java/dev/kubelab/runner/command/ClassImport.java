package dev.kubelab.runner.command;

import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.labs.classroom.Naming;
import dev.kubelab.labs.classroom.SelfReport;
import dev.kubelab.runner.App;
import dev.kubelab.runner.classroom.ClassFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Keeps students' own progress exports for the class's gradebook, marked self-reported. */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = {"Add the progress exports of students who worked on their own k3s to the class.",
        "Each student exports with 'kubelab report --out FILE'; the next 'class grade' lists them,",
        "marked self-reported. Every file is checked first;",
        "a bad one stops the import before anything is kept. Only shared-cluster grading is tamper-resistant."})
public final class ClassImport implements Callable<Integer> {
  @ParentCommand
  private Classes classes;

  @Option(names = "--name", required = true, paramLabel = "CLASS", description = "the class")
  private String name;

  @Option(names = "--out", paramLabel = "DIR", description = "the class's folder (default: <home>/classes/CLASS)")
  private Path out;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "progress exports (JSON)")
  private List<Path> files;

  @Override
  public Integer call() {
    App app = classes.app();
    Naming.requireClassName(name);
    List<SelfReport> reports = new ArrayList<>();
    for (Path f : files) {
      String text;
      try {
        text = Files.readString(f);
      } catch (IOException e) {
        throw KubelabException.usage("cannot read " + f + ": " + e.getMessage(), "give the path of a student's export");
      }
      reports.add(SelfReport.parse(f.toString(), text, f.getFileName().toString().replaceFirst("\\.json$", "")));
    }
    ClassFiles dir = classes.files(name, out);
    for (SelfReport r : reports) {
      String key = Naming.studentKey(r.student());
      if (key.isEmpty()) throw KubelabException.usage("an export names no usable student id ('" + r.student() + "')", "rename the file after the student id");
      ClassFiles.write(dir.selfReported().resolve(key + ".json"), r.toJson());
      long passed = r.labs().values().stream().flatMap(m -> m.values().stream()).filter(SelfReport.Result::passed).count();
      app.out().println(app.ansi().yellow("+ ") + r.student() + app.ansi().dim("  " + passed + " exercise(s) passed, self-reported"
          + (r.exportedAt() == null ? "" : ", exported " + r.exportedAt())));
    }
    app.out().println(reports.size() + " export(s) kept in " + dir.selfReported() + "; 'class grade --name " + name
        + "' adds them to the gradebook, marked self-reported.");
    app.out().println(app.ansi().yellow("note: ") + "a student's own export cannot be re-checked; only shared-cluster grading is tamper-resistant.");
    return 0;
  }
}
