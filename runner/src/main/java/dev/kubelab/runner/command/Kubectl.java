package dev.kubelab.runner.command;

import dev.kubelab.runner.App;
import dev.kubelab.runner.Main;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

/**
 * kubectl against the lab cluster. Every argument goes through untouched; when no namespace is
 * given, the current lab's namespace is added, so "kubectl get pvc" looks where the lab is.
 */
@Command(name = "kubectl", description = {"Run kubectl against the lab cluster (nothing to install).",
    "Without -n/--namespace/-A, it works in the current lab's namespace."})
public final class Kubectl implements Callable<Integer>, PassThrough {
  @ParentCommand
  private Main main;

  @Parameters(paramLabel = "ARGS", description = "kubectl's arguments, e.g. get pods -o wide")
  private List<String> args = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    return run(main.app(), List.of(), args);
  }

  @Override
  public boolean ownHelp() {
    return false;
  }

  /** Runs kubectl with {@code before} (e.g. impersonation flags), the lab namespace unless one is named, then {@code args}. */
  static int run(App app, List<String> before, List<String> args) throws Exception {
    return run(app, before, args, Current.find(app).map(c -> c.placement().main()));
  }

  /** As above, in {@code namespace} unless the arguments name one. */
  static int run(App app, List<String> before, List<String> args, Optional<String> namespace) throws Exception {
    List<String> full = new ArrayList<>(before);
    if (!args.isEmpty() && !namesNamespace(args)) namespace.ifPresent(ns -> full.addAll(List.of("--namespace", ns)));
    full.addAll(args);
    int code = app.cluster().kubectl(full, app.out());
    app.out().flush();
    return code;
  }

  static boolean namesNamespace(List<String> args) {
    for (String a : args) {
      if (a.equals("--")) return false;
      if (a.equals("-n") || a.startsWith("--namespace") || a.equals("-A") || a.equals("--all-namespaces")
          || (a.startsWith("-n") && !a.startsWith("--"))) {
        return true;
      }
    }
    return false;
  }
}
