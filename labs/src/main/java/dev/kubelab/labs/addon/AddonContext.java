package dev.kubelab.labs.addon;

import dev.kubelab.labs.api.Cluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * What an add-on works with.
 *
 * @param cluster  the cluster (embedded k3s or a kubeconfig's); its backend says what it can do
 * @param home     kubelab's home folder, for downloads and the learner's files
 * @param progress where to report long waits (downloads, rollouts), one line at a time
 * @param images   moves an image reference to the learner's registry mirror ({@code --image-registry});
 *                 add-ons pass every image of their release manifests through it
 */
public record AddonContext(Cluster cluster, Path home, Consumer<String> progress, UnaryOperator<String> images) {

  /** A context whose images are pulled from where their manifests say. */
  public AddonContext(Cluster cluster, Path home, Consumer<String> progress) {
    this(cluster, home, progress, UnaryOperator.identity());
  }

  public KubernetesClient client() {
    return cluster.client();
  }
}
