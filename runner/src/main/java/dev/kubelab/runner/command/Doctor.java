package dev.kubelab.runner.command;

import dev.kubelab.labs.addon.Addons;
import dev.kubelab.labs.api.Cluster;
import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.labs.api.Lab;
import dev.kubelab.labs.cluster.ClusterOptions;
import dev.kubelab.labs.cluster.Footprint;
import dev.kubelab.labs.doctor.ClusterCheck;
import dev.kubelab.labs.doctor.Finding;
import dev.kubelab.labs.doctor.MachineCheck;
import dev.kubelab.runner.App;
import dev.kubelab.runner.Main;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** What stands between this machine (or a cluster of yours) and the course, each with its fix. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
    description = {"Check this machine and your cluster for the course, with a fix per finding.",
        "Each finding is ✔ (fine), ! (works with limits, or unknown) or ✘ (in the way).",
        "",
        "This machine: the container engine (Docker, Podman, Rancher Desktop, Colima;",
        "rootless or not), the cgroup version and the --cgroups mode that fits, CPUs and",
        "memory against k3s and each add-on, the k3s image, and the kernel modules that",
        "enforcing NetworkPolicies needs.",
        "The cluster (with --kubeconfig, or the one the shell runs): nodes, Traefik, the",
        "enforcement of NetworkPolicies, node access, your permissions, and which labs",
        "cannot run there and why.",
        "",
        "Never starts a cluster. Exit code 3 when something blocks kubelab, else 0."})
public final class Doctor implements Callable<Integer> {
  private static final int TOPIC = 26;

  @ParentCommand
  private Main main;

  @Override
  public Integer call() {
    App app = main.app();
    PrintWriter out = app.out();
    ClusterOptions options = app.settings().clusterOptions();
    List<Finding> all = new ArrayList<>();
    out.println(app.ansi().bold("This machine") + app.ansi().dim(options.embedded()
        ? "  (runs kubelab's embedded k3s)" : "  (only kubelab's embedded k3s needs it; you use --kubeconfig)"));
    out.flush();
    List<Lab> labs = app.course().labs();
    int labNodes = labs.stream().mapToInt(l -> l.requires().nodes()).max().orElse(1);
    Map<String, Footprint> addons = new TreeMap<>();
    Addons known = Addons.builtIn();
    labs.stream().flatMap(l -> l.requires().addons().stream()).distinct()
        .forEach(id -> known.get(id).flatMap(a -> a.footprint()).ifPresent(f -> addons.put(id, f)));
    for (Finding f : MachineCheck.check(app.machineProbe().probe(options.k3sImage()), options, labNodes, addons)) {
      all.add(print(app, options.embedded() ? f : f.softened()));
    }
    out.println();
    if (options.embedded() && !app.clusterOpen()) {
      out.println(app.ansi().bold("Cluster") + app.ansi().dim("  none checked: doctor does not start kubelab's embedded k3s"));
      out.println(app.ansi().dim("  In the shell ('kubelab'), 'doctor' checks the running cluster too; 'kubelab --kubeconfig FILE doctor'"
          + " checks one of yours."));
    } else {
      cluster(app, labs, all);
    }
    out.println();
    long blocking = all.stream().filter(Finding::blocks).count();
    out.println(blocking == 0 ? app.ansi().green("Nothing blocks kubelab here.") + app.ansi().dim(" Read the ! lines for what works with limits.")
        : app.ansi().red(blocking + (blocking == 1 ? " problem blocks" : " problems block") + " kubelab here:") + " fix the ✘ lines first.");
    return blocking == 0 ? 0 : KubelabException.ENVIRONMENT;
  }

  private void cluster(App app, List<Lab> labs, List<Finding> all) {
    Cluster cluster;
    Optional<String> namespace;
    try {
      cluster = app.cluster();
      namespace = app.namespacedMode();
      app.out().println(app.ansi().bold("Cluster") + app.ansi().dim("  " + cluster.describe()));
      for (Finding f : ClusterCheck.check(cluster, app.engine(), app.settings().clusterOptions().embedded(), namespace)) {
        all.add(print(app, f));
      }
    } catch (KubelabException e) {
      if (e.exitCode() == KubelabException.USAGE) throw e; // bad input (no such kubeconfig): error and hint, exit 2
      app.out().println(app.ansi().bold("Cluster"));
      all.add(print(app, Finding.fail("cluster", e.getMessage(), e.hint() == null ? "" : e.hint())));
      return;
    }
    Map<String, List<String>> cannot = Availability.cannotRun(app, labs, namespace);
    app.out().println();
    app.out().println(app.ansi().bold("Labs: " + (labs.size() - cannot.size()) + " of " + labs.size() + " can run here")
        + (cannot.isEmpty() ? "" : "; these cannot:"));
    // labs refused for the same reasons share one line: a chapter without its add-on reads as one fact
    Map<List<String>, List<String>> byReasons = new java.util.LinkedHashMap<>();
    cannot.forEach((lab, why) -> byReasons.computeIfAbsent(why, w -> new ArrayList<>()).add(lab));
    byReasons.forEach((why, ids) -> {
      app.out().println("  " + app.ansi().yellow(String.join(", ", ids)) + " — " + why.get(0));
      why.subList(1, why.size()).forEach(more -> app.out().println("      and: " + more));
    });
  }

  private static Finding print(App app, Finding f) {
    String mark = switch (f.mark()) {
      case OK -> app.ansi().green("✔");
      case WARN -> app.ansi().yellow("!");
      case FAIL -> app.ansi().red("✘");
    };
    app.out().println("  " + mark + " " + String.format("%-" + TOPIC + "s", f.topic()) + f.found());
    if (!f.fix().isEmpty()) app.out().println("  " + " ".repeat(TOPIC + 2) + app.ansi().dim("fix: " + f.fix()));
    app.out().flush();
    return f;
  }
}
