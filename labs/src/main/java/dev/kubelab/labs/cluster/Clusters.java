package dev.kubelab.labs.cluster;

import dev.kubelab.labs.api.Cluster;
import dev.kubelab.labs.api.KubelabException;
import java.util.function.Consumer;

/** Opens the cluster the options ask for: an existing one by kubeconfig, or embedded k3s. */
public final class Clusters {
  private Clusters() {}

  /**
   * Opens (and for embedded k3s, starts or reuses) the cluster, reporting progress. Fails with a
   * {@link KubelabException} of exit code 3 and a hint when there is no container engine or the
   * cluster cannot be reached.
   */
  public static Cluster open(ClusterOptions options, Consumer<String> progress) {
    if (!options.embedded()) return KubeconfigCluster.open(options, progress);
    return K3sCluster.start(options, progress);
  }
}
