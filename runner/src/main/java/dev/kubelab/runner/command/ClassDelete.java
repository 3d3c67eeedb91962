package dev.kubelab.runner.command;

import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.labs.classroom.ClassStudent;
import dev.kubelab.labs.classroom.Classroom;
import dev.kubelab.runner.App;
import java.io.Console;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Deletes every namespace of a class, after confirmation. */
@Command(name = "delete", mixinStandardHelpOptions = true,
    description = {"Delete a class: every student's namespace and all their work in it.",
        "Asks you to type the class name, or takes --yes."})
public final class ClassDelete implements Callable<Integer> {
  @ParentCommand
  private Classes classes;

  @Option(names = "--name", required = true, paramLabel = "CLASS", description = "the class")
  private String name;

  @Option(names = "--yes", description = "do not ask: delete it")
  private boolean yes;

  @Override
  public Integer call() {
    App app = classes.app();
    Classroom classroom = classes.classroom(name);
    List<ClassStudent> students = classes.students(classroom);
    if (!yes) {
      Console console = System.console();
      if (console == null) {
        throw KubelabException.usage("deleting class " + name + " removes " + students.size() + " namespace(s) and everything in them;"
            + " there is no terminal here to confirm it", "add --yes to delete it without asking");
      }
      String typed = console == null ? null : console.readLine("Delete class %s: %d namespace(s) and all the students' work? Type the class name to confirm: ",
          name, students.size());
      if (typed == null || !typed.strip().equals(name)) {
        app.out().println("Nothing was deleted.");
        return KubelabException.FAILED;
      }
    }
    List<String> gone = classroom.delete(classes::progress);
    app.out().println(app.ansi().green("✔ ") + "class " + name + " deleted: " + gone.size() + " namespace(s) are being removed");
    app.out().println(app.ansi().dim("The kubeconfigs on disk stop working once their ServiceAccounts are gone."));
    return 0;
  }
}
