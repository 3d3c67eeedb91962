package dev.kubelab.runner.command;

import dev.kubelab.labs.api.Lab;
import dev.kubelab.labs.classroom.ClassGrader;
import dev.kubelab.labs.classroom.Classroom;
import dev.kubelab.labs.classroom.Gradebook;
import dev.kubelab.runner.App;
import dev.kubelab.runner.classroom.ClassFiles;
import dev.kubelab.runner.classroom.ClassTable;
import dev.kubelab.runner.classroom.GradebookCsv;
import dev.kubelab.runner.classroom.GradebookHtml;
import dev.kubelab.runner.classroom.GradebookJson;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Grades every student's namespace and writes the gradebook as CSV, JSON and HTML. */
@Command(name = "grade", mixinStandardHelpOptions = true,
    description = {"Grade the whole class for a lab or a chapter, and write the gradebook.",
        "Grades with your (the instructor's) credentials. The gradebook is CSV (a column",
        "per exercise), JSON, and an HTML page with every failed check.",
        "Labs of a chapter that cannot run in a student's namespace are left out, each named with the reason.",
        "Which reference solutions each student viewed or applied is shown beside their scores.",
        "Imported self-reported progress ('class import') is added, marked as such."})
public final class ClassGrade implements Callable<Integer> {
  @ParentCommand
  private Classes classes;

  @Option(names = "--name", required = true, paramLabel = "CLASS", description = "the class")
  private String name;

  @Option(names = "--lab", paramLabel = "LAB", description = "grade this lab")
  private String lab;

  @Option(names = "--chapter", paramLabel = "CHAPTER", description = "grade every lab of this chapter")
  private String chapter;

  @Option(names = "--parallel", paramLabel = "N", defaultValue = "8", description = "grade at most N students at once (default: ${DEFAULT-VALUE})")
  private int parallel;

  @Option(names = "--out", paramLabel = "DIR", description = "where the gradebook goes (default: <home>/classes/CLASS)")
  private java.nio.file.Path out;

  @Override
  public Integer call() {
    App app = classes.app();
    List<Lab> labs = classes.labs(lab, chapter);
    Classroom classroom = classes.classroom(name);
    var students = classes.students(classroom);
    String scope = lab != null ? lab : chapter;
    app.err().println(app.ansi().dim("Grading " + students.size() + " student(s) on " + scope + ", " + parallel + " at a time …"));
    Gradebook book = new ClassGrader(ClassGrader.by(app.engine()), parallel, app.clock()).grade(name, scope, students, labs);
    ClassFiles files = classes.files(name, out);
    book = book.withSelfReported(classes.selfReported(files));
    ClassFiles.write(files.gradebook(scope, "csv"), GradebookCsv.render(book));
    ClassFiles.write(files.gradebook(scope, "json"), GradebookJson.render(book));
    ClassFiles.write(files.gradebook(scope, "html"), GradebookHtml.render(book));
    ClassTable.lines(book, app.ansi()).forEach(app.out()::println);
    app.out().println("Gradebook: " + files.gradebook(scope, "html") + app.ansi().dim("  (also .csv and .json)"));
    if (book.rows().stream().anyMatch(r -> Gradebook.SELF_REPORTED.equals(r.source()))) {
      app.out().println(app.ansi().yellow("note: ") + "self-reported rows come from students' own exports;"
          + " only shared-cluster grading is tamper-resistant.");
    }
    return 0;
  }
}
