package dev.kubelab.runner.command;

import dev.kubelab.labs.api.NodeShell;
import dev.kubelab.runner.App;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.readiness.Readiness;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** The nodes kubelab has a shell on, with their role and state as the API server reports them. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the nodes you can run commands on, with role and readiness.")
public final class NodeList implements Callable<Integer> {
  @ParentCommand
  private Nodes nodes;

  @Override
  public Integer call() {
    App app = nodes.app();
    NodeShell shell = nodes.shell();
    Map<String, Node> known;
    try {
      known = app.cluster().client().nodes().list().getItems().stream()
          .collect(Collectors.toMap(n -> n.getMetadata().getName(), Function.identity()));
    } catch (KubernetesClientException e) {
      known = Map.of();
    }
    for (String name : shell.nodes()) {
      Node n = known.get(name);
      boolean controlPlane = n != null && n.getMetadata().getLabels() != null
          && n.getMetadata().getLabels().containsKey("node-role.kubernetes.io/control-plane");
      String state = n == null ? "not registered" : Readiness.isNodeReady(n) ? "Ready" : "NotReady";
      if (n != null && Boolean.TRUE.equals(n.getSpec().getUnschedulable())) state += ",SchedulingDisabled";
      String line = String.format("%-14s %-14s %s", name, controlPlane ? "control-plane" : "worker", state);
      app.out().println(state.startsWith("Ready") ? line : app.ansi().yellow(line));
    }
    app.out().println(app.ansi().dim("run a command on one: node exec NODE -- COMMAND (e.g. node exec "
        + shell.nodes().get(0) + " -- crictl ps)"));
    return 0;
  }
}
