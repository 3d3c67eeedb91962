package dev.kubelab.runner.command;

import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.runner.App;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

/** A file from your machine onto a node: write a static pod manifest in your editor, then put it in place. */
@Command(name = "cp", mixinStandardHelpOptions = true, description = {"Copy a file from your machine onto a node, e.g.",
    "  node cp web.yaml k3s-server:/var/lib/rancher/k3s/agent/pod-manifests/web.yaml",
    "A path ending in / keeps the file's name."})
public final class NodeCopy implements Callable<Integer> {
  @ParentCommand
  private Nodes nodes;

  @Parameters(index = "0", paramLabel = "FILE", description = "the local file")
  private Path file;

  @Parameters(index = "1", paramLabel = "NODE:PATH", description = "the node and the absolute path on it")
  private String target;

  @Override
  public Integer call() {
    App app = nodes.app();
    int colon = target.indexOf(':');
    if (colon <= 0 || colon == target.length() - 1 || target.charAt(colon + 1) != '/') {
      throw KubelabException.usage("'" + target + "' is not NODE:/absolute/path",
          "e.g. k3s-server:/var/lib/rancher/k3s/agent/pod-manifests/ ('node list' shows the nodes)");
    }
    String node = target.substring(0, colon);
    String path = target.substring(colon + 1);
    if (path.endsWith("/")) path += file.getFileName();
    nodes.shell().copyTo(node, file, path);
    app.out().println("copied " + file + " to " + node + ":" + path);
    return 0;
  }
}
