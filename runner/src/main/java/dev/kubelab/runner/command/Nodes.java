package dev.kubelab.runner.command;

import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.labs.api.NodeShell;
import dev.kubelab.runner.App;
import dev.kubelab.runner.Main;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Node-level work on kubelab's own cluster: each node is a container kubelab started. */
@Command(name = "node", mixinStandardHelpOptions = true,
    description = {"Work on the cluster's nodes, as you would over ssh on an ESXi host: static pods, crictl, k3s logs.",
        "Only kubelab's own k3s cluster has this; on other clusters use ssh or 'kubectl debug node/NAME'."},
    subcommands = {NodeList.class, NodeExec.class, NodeCopy.class})
public final class Nodes implements Callable<Integer>, NotInClassMode {
  @ParentCommand
  private Main main;

  @Spec
  private CommandSpec spec;

  App app() {
    return main.app();
  }

  /** The node shell, or a usage error saying what to use instead. */
  NodeShell shell() {
    App app = app();
    if (!app.settings().clusterOptions().embedded()) {
      throw KubelabException.usage("kubelab has no shell on the nodes of a cluster it did not start (--kubeconfig)",
          "use ssh, or 'kubectl debug node/NAME -it --image=busybox' (the node's files are under /host)");
    }
    return app.cluster().nodeShell().orElseThrow(() -> KubelabException.usage("this cluster gives kubelab no shell on its nodes",
        "use ssh, or 'kubectl debug node/NAME -it --image=busybox'"));
  }

  @Override
  public KubelabException refusedInClass(String namespace) {
    return KubelabException.usage("'node' is not available in class mode (namespace " + namespace
        + "): the nodes belong to the shared cluster, and kubelab has a shell only on the nodes of its own k3s",
        "'kubectl get nodes' shows them; 'kubectl debug node/NAME' works where your instructor allows it");
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(app().out());
    return 0;
  }
}
