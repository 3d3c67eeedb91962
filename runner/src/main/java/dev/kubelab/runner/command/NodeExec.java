package dev.kubelab.runner.command;

import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.labs.api.NodeShell;
import dev.kubelab.runner.App;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

/** One command as root on a node; its output and exit code are the command's. */
@Command(name = "exec", description = {"Run a command as root on a node and show its output, e.g.",
    "  node exec k3s-server -- crictl ps",
    "  node exec k3s-server -- ls /var/lib/rancher/k3s/agent/pod-manifests",
    "  node exec k3s-agent-1 -- sh -c 'echo hello > /tmp/x'",
    "Everything after the node name goes to the node untouched; the exit code is the command's."})
public final class NodeExec implements Callable<Integer>, PassThrough {
  static final Duration TIMEOUT = Duration.ofMinutes(2);

  @ParentCommand
  private Nodes nodes;

  @Parameters(paramLabel = "NODE -- COMMAND", description = "the node ('node list' shows them), then the command")
  private List<String> args = new ArrayList<>();

  @Override
  public Integer call() {
    App app = nodes.app();
    List<String> rest = new ArrayList<>(args);
    if (rest.isEmpty() || rest.get(0).startsWith("-")) {
      throw KubelabException.usage("name a node, then the command", "e.g. node exec k3s-server -- crictl ps ('node list' shows the nodes)");
    }
    String node = rest.remove(0);
    if (!rest.isEmpty() && rest.get(0).equals("--")) rest.remove(0);
    if (rest.isEmpty()) {
      throw KubelabException.usage("no command to run on " + node, "e.g. node exec " + node + " -- crictl ps");
    }
    NodeShell shell = nodes.shell();
    NodeShell.Result r = shell.exec(node, rest, TIMEOUT);
    app.out().print(r.stdout());
    if (!r.stderr().isEmpty()) app.out().print(r.ok() ? r.stderr() : app.ansi().yellow(r.stderr()));
    app.out().flush();
    if (r.exitCode() == 124 && r.stderr().startsWith("timed out")) {
      throw KubelabException.environment("the command did not end in " + TIMEOUT.toMinutes() + " minutes on " + node,
          "commands that follow output (tail -f, journalctl -f) never end: leave out -f");
    }
    return r.exitCode();
  }
}
