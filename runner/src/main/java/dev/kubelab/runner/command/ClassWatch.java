package dev.kubelab.runner.command;

import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.labs.classroom.ClassGrader;
import dev.kubelab.labs.classroom.Classroom;
import dev.kubelab.labs.classroom.Gradebook;
import dev.kubelab.runner.App;
import dev.kubelab.runner.classroom.ClassTable;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** A live table of who has passed what, re-graded every few seconds. */
@Command(name = "watch", mixinStandardHelpOptions = true,
    description = {"Show a live table of the class on a lab: who has passed which exercise, re-graded every 2 seconds.",
        "Ctrl-C stops."})
public final class ClassWatch implements Callable<Integer> {
  @ParentCommand
  private Classes classes;

  @Option(names = "--name", required = true, paramLabel = "CLASS", description = "the class")
  private String name;

  @Option(names = "--lab", required = true, paramLabel = "LAB", description = "the lab to watch")
  private String lab;

  @Option(names = "--parallel", paramLabel = "N", defaultValue = "8", description = "grade at most N students at once (default: ${DEFAULT-VALUE})")
  private int parallel;

  @Option(names = "--rounds", paramLabel = "N", defaultValue = "0", description = "stop after N refreshes (default: until Ctrl-C or everyone passed)")
  private int rounds;

  @Override
  public Integer call() {
    App app = classes.app();
    var labs = classes.labs(lab, null);
    Classroom classroom = classes.classroom(name);
    ClassGrader grader = new ClassGrader(ClassGrader.by(app.engine()), parallel, app.clock());
    for (int round = 1; ; round++) {
      Gradebook book;
      try {
        book = grader.grade(name, lab, classes.students(classroom), labs);
      } catch (KubelabException e) {
        if (Thread.interrupted()) return stopped(app);
        throw e;
      }
      List<String> lines = ClassTable.lines(book, app.ansi());
      if (app.ansi().enabled()) app.out().print("\033[H\033[2J");
      app.out().println(app.ansi().bold("Class " + name + " · " + lab) + app.ansi().dim("  " + app.clock().instant()
          + " · every " + app.watchInterval().toMillis() / 1000.0 + "s · Ctrl-C stops"));
      lines.forEach(app.out()::println);
      app.out().flush();
      if (book.rows().stream().allMatch(r -> r.cells().stream().allMatch(Gradebook.Cell::passed))) {
        app.out().println(app.ansi().green("Everyone has passed every exercise of " + lab + "."));
        return 0;
      }
      if (rounds > 0 && round >= rounds) return 0;
      try {
        Thread.sleep(app.watchInterval().toMillis());
      } catch (InterruptedException e) {
        return stopped(app);
      }
    }
  }

  private static int stopped(App app) {
    app.out().println(app.ansi().dim("stopped watching"));
    return 0;
  }
}
