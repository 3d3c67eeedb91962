package dev.kubelab.runner.command;

import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.labs.api.Lab;
import dev.kubelab.labs.classroom.ClassStudent;
import dev.kubelab.labs.classroom.Classroom;
import dev.kubelab.labs.classroom.Isolation;
import dev.kubelab.labs.classroom.Namespaced;
import dev.kubelab.runner.App;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Proves with SubjectAccessReviews that every student can work in their namespace and nowhere else. */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = {"Prove the class is isolated.",
        "Asks the API server (SubjectAccessReviews) whether each student's ServiceAccount can work in",
        "its namespace and cannot read a neighbour's pods or Secrets, or kube-system's.",
        "Then lists which labs of the course the class can run, and why the others cannot.",
        "Exit code 1 when any student has a gap."})
public final class ClassVerify implements Callable<Integer> {
  @ParentCommand
  private Classes classes;

  @Option(names = "--name", required = true, paramLabel = "CLASS", description = "the class")
  private String name;

  @Override
  public Integer call() {
    App app = classes.app();
    Classroom classroom = classes.classroom(name);
    List<ClassStudent> students = classes.students(classroom);
    List<Isolation.Probe> probes = new Isolation(app.cluster().client()).verify(students);
    int gaps = 0;
    for (ClassStudent s : students) {
      List<Isolation.Probe> mine = probes.stream().filter(p -> p.student().equals(s.id())).toList();
      List<Isolation.Probe> bad = mine.stream().filter(Isolation.Probe::gap).toList();
      gaps += bad.size();
      if (bad.isEmpty()) {
        app.out().println(app.ansi().green("✔ ") + s.id() + app.ansi().dim("  " + mine.size() + " checks: works in " + s.namespace()
            + ", isolated from the others"));
      } else {
        app.out().println(app.ansi().red("✘ ") + s.id() + "  " + bad.size() + " gap(s):");
        for (Isolation.Probe p : bad) app.out().println("    " + p.describe());
      }
    }
    labs(app);
    if (gaps > 0) {
      app.out().println(app.ansi().red(gaps + " gap(s) found.") + " 'class create' again repairs drifted RoleBindings;"
          + " look for ClusterRoleBindings that grant system:serviceaccounts or system:authenticated more than they should.");
      return KubelabException.FAILED;
    }
    app.out().println(app.ansi().green("Every student is isolated: ") + probes.size() + " answers from the API server.");
    return 0;
  }

  /** Which labs of the course the class can run in students' namespaces, and why the others cannot. */
  private static void labs(App app) {
    List<Lab> all = app.course().labs();
    List<Lab> runnable = all.stream().filter(l -> Namespaced.unavailable(l).isEmpty()).toList();
    app.out().println(app.ansi().bold("Labs the class can run: " + runnable.size() + " of " + all.size()));
    app.out().println("  " + String.join(", ", runnable.stream().map(Lab::id).toList()));
    for (Lab l : all) {
      Namespaced.unavailable(l).ifPresent(why -> app.out().println(app.ansi().yellow("  unavailable: ") + l.id() + app.ansi().dim(" — it " + why)));
    }
  }
}
