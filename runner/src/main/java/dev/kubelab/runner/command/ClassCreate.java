package dev.kubelab.runner.command;

import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.labs.classroom.ClassStudent;
import dev.kubelab.labs.classroom.Classroom;
import dev.kubelab.labs.classroom.Roster;
import dev.kubelab.labs.classroom.StudentLimits;
import dev.kubelab.runner.App;
import dev.kubelab.runner.classroom.ClassFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Sets up (or repairs) a class from a roster and writes each student's kubeconfig. */
@Command(name = "create", mixinStandardHelpOptions = true,
    description = {"Set up a class from a roster (CSV: student id, name, email optional; a header row is fine).",
        "Each student gets a namespace, a ServiceAccount with the 'admin' role in it only, a quota, default limits,",
        "a NetworkPolicy against other students, and a kubeconfig. Run it again to add students or repair drift:",
        "students' own objects are never touched. A bad roster line stops everything before anything is created."})
public final class ClassCreate implements Callable<Integer> {
  @ParentCommand
  private Classes classes;

  @Parameters(paramLabel = "ROSTER.csv", description = "the roster")
  private Path roster;

  @Option(names = "--name", required = true, paramLabel = "CLASS", description = "the class name: lowercase letters, digits, dashes (at most 20)")
  private String name;

  @Option(names = "--out", paramLabel = "DIR", description = "where kubeconfigs and gradebooks go (default: <home>/classes/CLASS)")
  private Path out;

  @Option(names = "--token-days", paramLabel = "N", defaultValue = "7", description = "how long the students' tokens stay valid (default: ${DEFAULT-VALUE})")
  private int tokenDays;

  @Option(names = "--server", paramLabel = "URL",
      description = "the API server address students' laptops reach (default: the one in your kubeconfig)")
  private String server;

  @Option(names = "--limits", paramLabel = "FILE", description = "YAML with quota: and limits: values to change")
  private Path limitsFile;

  @Option(names = "--quota-cpu", paramLabel = "CPU", description = "CPU per student (default 4)")
  private String cpu;

  @Option(names = "--quota-memory", paramLabel = "SIZE", description = "memory per student (default 8Gi)")
  private String memory;

  @Option(names = "--quota-pods", paramLabel = "N", description = "pods per student (default 20)")
  private String pods;

  @Override
  public Integer call() {
    App app = classes.app();
    Roster parsed = Roster.parse(roster.getFileName().toString(), read(roster, "the roster"));
    StudentLimits limits = StudentLimits.DEFAULTS;
    if (limitsFile != null) limits = limits.withYaml(limitsFile.toString(), read(limitsFile, "the limits file"));
    limits = limits.withQuota("cpu", cpu).withQuota("memory", memory).withQuota("pods", pods);
    Classroom classroom = classes.classroom(name);
    ClassFiles files = classes.files(name, out);
    Classroom.CreateReport report = classroom.create(parsed, limits, tokenDays, files.kubeconfigs(), server, classes::progress);
    PrintWriter o = app.out();
    long added = report.students().stream().filter(Classroom.Created::isNew).count();
    o.println(app.ansi().bold("Class " + name + ": " + report.students().size() + " student(s)")
        + app.ansi().dim(" (" + added + " new, " + (report.students().size() - added) + " checked and repaired)"));
    for (Classroom.Created c : report.students()) {
      o.printf("  %s %-12s %-30s %s%n", c.isNew() ? app.ansi().green("+") : "·", c.student().id(), c.namespace(),
          app.ansi().dim(files.dir().relativize(c.kubeconfig()).toString()));
    }
    report.students().stream().map(Classroom.Created::tokenExpires).filter(t -> t != null).findFirst()
        .ifPresent(t -> o.println(app.ansi().dim("Tokens expire " + t + " (the API server may cap --token-days); run 'class create' again to renew.")));
    for (ClassStudent s : report.notInRoster()) {
      o.println(app.ansi().yellow("note: ") + s.id() + " (" + s.namespace() + ") is in the class but not in this roster; left as it is");
    }
    o.println("Kubeconfigs: " + files.kubeconfigs() + app.ansi().dim("  (one per student: hand each out privately)"));
    o.println(app.ansi().dim("Students run: kubelab --kubeconfig <their file> list"));
    o.println(app.ansi().dim("NetworkPolicies need a CNI that enforces them (k3s does by default; plain flannel does not)."));
    o.println("Next: 'class verify --name " + name + "' proves every student is isolated.");
    return 0;
  }

  private static String read(Path file, String what) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw KubelabException.usage("cannot read " + what + " " + file + ": " + e.getMessage(), "give the path of an existing file");
    }
  }
}
