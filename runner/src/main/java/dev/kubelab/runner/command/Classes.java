package dev.kubelab.runner.command;

import dev.kubelab.labs.api.Course;
import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.labs.api.Lab;
import dev.kubelab.labs.classroom.Classroom;
import dev.kubelab.labs.classroom.ClassStudent;
import dev.kubelab.labs.classroom.SelfReport;
import dev.kubelab.runner.App;
import dev.kubelab.runner.Main;
import dev.kubelab.runner.classroom.ClassFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Classroom mode on a shared cluster, with the instructor's kubeconfig: its subcommands are classes of their own, listed once here. */
@Command(name = "class", mixinStandardHelpOptions = true,
    description = {"Run a class on a shared cluster, with your instructor kubeconfig (--kubeconfig).",
        "A namespace, quota and kubeconfig per student; grade, watch and verify the whole class."},
    subcommands = {ClassCreate.class, ClassVerify.class, ClassGrade.class, ClassWatch.class, ClassImport.class, ClassDelete.class})
public final class Classes implements Callable<Integer>, NotInClassMode {
  @ParentCommand
  private Main main;

  @Spec
  private CommandSpec spec;

  App app() {
    return main.app();
  }

  /** The class on the cluster; needs an existing cluster, never the embedded one. */
  Classroom classroom(String name) {
    App app = app();
    if (app.settings().clusterOptions().embedded()) {
      throw KubelabException.usage("classroom commands work on a shared cluster, not the embedded k3s",
          "give your instructor kubeconfig: kubelab --kubeconfig FILE class ...");
    }
    return new Classroom(app.cluster().client(), name, app.course());
  }

  /** The class's students, or a usage error when it has none. */
  List<ClassStudent> students(Classroom c) {
    List<ClassStudent> students = c.students();
    if (students.isEmpty()) {
      throw KubelabException.usage("class '" + c.name() + "' has no students on this cluster",
          "'class create ROSTER.csv --name " + c.name() + "' sets it up (is this the right --kubeconfig?)");
    }
    return students;
  }

  ClassFiles files(String name, Path out) {
    return ClassFiles.of(app().settings().home(), name, out);
  }

  /** The labs of --lab or --chapter. */
  List<Lab> labs(String labId, String chapterId) {
    Course course = app().course();
    if ((labId == null) == (chapterId == null)) throw KubelabException.usage("give --lab LAB or --chapter CHAPTER (one of them)", "'list' shows both");
    if (labId != null) return List.of(course.requireLab(labId));
    return course.chapter(chapterId).map(ch -> ch.labs()).orElseThrow(() -> KubelabException.usage("no chapter '" + chapterId + "'",
        "chapters: " + String.join(", ", course.chapters().stream().map(ch -> ch.id()).toList())));
  }

  /** The self-reported exports 'class import' kept for this class. */
  List<SelfReport> selfReported(ClassFiles files) {
    if (!Files.isDirectory(files.selfReported())) return List.of();
    List<SelfReport> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(files.selfReported())) {
      for (Path p : s.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        out.add(SelfReport.parse(p.toString(), Files.readString(p), p.getFileName().toString().replaceFirst("\\.json$", "")));
      }
    } catch (IOException e) {
      throw KubelabException.environment("cannot read " + files.selfReported() + ": " + e.getMessage(), "check its permissions");
    }
    return out;
  }

  void progress(String line) {
    app().err().println(app().ansi().dim("  " + line));
    app().err().flush();
  }

  @Override
  public KubelabException refusedInClass(String namespace) {
    return KubelabException.usage("'class' is not available in class mode (namespace " + namespace
        + "): it runs a class, with the instructor's kubeconfig", "your instructor grades the class; 'check' and 'progress' show your own work");
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(app().out());
    return 0;
  }
}
