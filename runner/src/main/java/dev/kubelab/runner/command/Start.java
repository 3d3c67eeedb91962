package dev.kubelab.runner.command;

import dev.kubelab.labs.api.Exercise;
import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.labs.api.Lab;
import dev.kubelab.labs.api.Placement;
import dev.kubelab.labs.engine.LabEngine;
import dev.kubelab.runner.App;
import dev.kubelab.runner.Main;
import dev.kubelab.runner.progress.LabRecord;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Sets a lab up on the cluster and shows where to begin. */
@Command(name = "start", mixinStandardHelpOptions = true,
    description = "Start a lab: create its namespace, apply its setup, show the first exercise you have not passed.")
public final class Start implements Callable<Integer>, Completes {
  @ParentCommand
  private Main main;

  @Parameters(paramLabel = "LAB", description = "the lab id, e.g. storage/dynamic-provisioning ('list' shows them)")
  private String labId;

  @Option(names = "--restart-cluster",
      description = "restart kubelab's own cluster when it has too few nodes or no Traefik for this lab (its labs start over)")
  private boolean restartCluster;

  @Option(names = "--recheck", description = "test again what kubelab remembers about this cluster (NetworkPolicy enforcement)")
  private boolean recheck;

  @Override
  public Integer call() {
    App app = main.app();
    Lab lab = app.course().requireLab(labId);
    app.clusterFor(lab, restartCluster);
    LabEngine engine = app.engine();
    if (recheck) engine.forgetClusterFacts();
    java.util.Optional<String> namespaced = app.namespacedMode();
    if (namespaced.isPresent()) {
      dev.kubelab.labs.classroom.Namespaced.unavailable(lab, app.classOffer()).ifPresent(why -> {
        throw KubelabException.usage("lab " + lab.id() + " cannot run in your namespace " + namespaced.get() + ": it " + why,
            "'list' shows which labs you can run here; this one needs your own cluster (kubelab without --kubeconfig)");
      });
    }
    Placement placement = app.placement(lab);
    // the engine's preflight refuses, with every reason, before anything is created
    app.out().println(app.ansi().dim("Setting up " + lab.id() + " in namespace " + placement.main() + " …"));
    app.out().flush();
    java.util.function.Consumer<String> progress = line -> {
      app.out().println(app.ansi().dim("  " + line));
      app.out().flush();
    };
    // namespaced mode: the namespace is the learner's, not the lab's to create
    Map<String, String> uids = namespaced.isPresent() ? engine.startInPlace(lab, placement, progress) : engine.start(lab, placement, progress);
    LabRecord rec = app.progress().data().lab(lab.id());
    rec.setupUids = new java.util.LinkedHashMap<>(uids);
    Map<String, Object> model = engine.model(lab, placement);
    rec.nodes = nodeNames(model.get("nodes"));
    rec.addons = new java.util.LinkedHashMap<>();
    for (String id : lab.requires().addons()) rec.addons.put(id, model.get(id));
    rec.startedAt = app.clock().instant().toString();
    if (namespaced.isPresent()) {
      for (String refused : engine.refusedByNamespaceLimits(lab, placement)) {
        app.out().println(app.ansi().yellow("note: ") + "in your namespace, " + refused + ". Where the task speaks of a Pending"
            + " pod, look for FailedCreate in its controller's events instead ('kubectl get events -n " + placement.main() + "').");
      }
      for (Exercise e : lab.exercises()) {
        engine.classUnavailable(lab, e, placement).ifPresent(why -> app.out().println(app.ansi().yellow("note: ")
            + "in your class, exercise " + e.id() + " cannot be done: it " + why + "; your instructor's gradebook leaves it out"));
      }
    }
    Exercise first = lab.exercises().stream().filter(e -> !rec.exerciseOrEmpty(e.id()).passed).findFirst()
        .orElse(lab.exercises().get(0));
    Current.moveTo(app, lab, first);
    app.out().println();
    Current c = Current.require(app);
    TaskView.intro(app, c);
    TaskView.exercise(app, c);
    return 0;
  }

  private static List<String> nodeNames(Object nodes) {
    return nodes instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
  }

  @Override
  public List<String> candidates(App app, List<String> typed) {
    return typed.isEmpty() ? app.course().labs().stream().map(Lab::id).toList() : List.of();
  }
}
