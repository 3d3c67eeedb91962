package dev.kubelab.runner;

import dev.kubelab.labs.cluster.ClusterOptions;
import java.nio.file.Path;

/** The global options, resolved against the environment: what every command runs with. */
public record Settings(
    Path home,
    Path content,
    Path kubeconfig,
    String context,
    String k3sImage,
    boolean keep,
    ClusterOptions.Cgroups cgroups,
    String imageRegistry,
    boolean color,
    boolean stacktrace,
    int agents,
    boolean traefik) {

  public ClusterOptions clusterOptions() {
    return new ClusterOptions(home, kubeconfig, context, k3sImage, keep, cgroups, agents, traefik);
  }

  public Path progressFile() {
    return home.resolve("progress.json");
  }

  public Path historyFile() {
    return home.resolve("history");
  }

  /** Per-image overrides the user keeps, e.g. "busybox: harbor.corp/hub/busybox:1.37.0". */
  public Path imagesFile() {
    return home.resolve("images.yaml");
  }
}
