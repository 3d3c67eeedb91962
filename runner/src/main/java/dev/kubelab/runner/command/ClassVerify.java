package dev.kubelab.runner.command;

import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.labs.api.Lab;
import dev.kubelab.labs.classroom.ClassOffer;
import dev.kubelab.labs.classroom.ClassStudent;
import dev.kubelab.labs.classroom.Escalation;
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
        "its namespace and cannot read a neighbour's pods or Secrets, or kube-system's. Then tries, as each",
        "student, the ways out (cluster-wide RBAC, a neighbour's namespace, their own quota and isolation,",
        "a StorageClass or PersistentVolume outside their prefix) and proves each refused.",
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
    ClassOffer offer = classroom.offer();
    List<Escalation.Try> tries = new Escalation(app.cluster().client()).verify(students, offer, classroom.provisioners());
    app.out().println(app.ansi().bold("Escalations tried as each student (access reviews and server-side dry runs; nothing is stored):"));
    java.util.Map<String, List<Escalation.Try>> byAction = new java.util.LinkedHashMap<>();
    for (Escalation.Try t : tries) byAction.computeIfAbsent(t.action(), k -> new java.util.ArrayList<>()).add(t);
    for (var e : byAction.entrySet()) {
      List<Escalation.Try> bad = e.getValue().stream().filter(Escalation.Try::gap).toList();
      boolean expect = e.getValue().get(0).expectAllowed();
      String verdict = (expect ? "accepted" : "refused") + " for " + (e.getValue().size() - bad.size()) + "/" + e.getValue().size();
      if (bad.isEmpty()) {
        app.out().println(app.ansi().green("✔ ") + e.getKey() + app.ansi().dim(": " + verdict + " — " + e.getValue().get(0).answer()));
      } else {
        gaps += bad.size();
        app.out().println(app.ansi().red("✘ ") + e.getKey() + ": " + verdict + "; " + (expect ? "refused" : "ALLOWED") + " for "
            + String.join(", ", bad.stream().map(Escalation.Try::student).toList()) + " — " + bad.get(0).answer());
      }
    }
    labs(app, offer);
    if (gaps > 0) {
      app.out().println(app.ansi().red(gaps + " gap(s) found.") + " 'class create' again repairs drifted RoleBindings;"
          + " look for ClusterRoleBindings that grant system:serviceaccounts or system:authenticated more than they should.");
      return KubelabException.FAILED;
    }
    app.out().println(app.ansi().green("Every student is isolated: ") + (probes.size() + tries.size()) + " answers from the API server.");
    return 0;
  }

  /** Which labs of the course the class can run in students' namespaces, and why the others cannot. */
  private static void labs(App app, ClassOffer offer) {
    List<Lab> all = app.course().labs();
    List<Lab> runnable = all.stream().filter(l -> Namespaced.unavailable(l, offer).isEmpty()).toList();
    app.out().println(app.ansi().bold("Labs the class can run: " + runnable.size() + " of " + all.size()));
    app.out().println("  " + String.join(", ", runnable.stream().map(Lab::id).toList()));
    for (Lab l : all) {
      Namespaced.unavailable(l, offer).ifPresent(why -> app.out().println(app.ansi().yellow("  unavailable: ") + l.id() + app.ansi().dim(" — it " + why)));
    }
  }
}
