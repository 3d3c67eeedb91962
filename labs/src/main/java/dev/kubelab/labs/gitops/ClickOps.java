package dev.kubelab.labs.gitops;

import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.labs.grade.Errors;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/** Changes by hand in the cluster, for reference solutions that show drift: what a learner does with kubectl. */
final class ClickOps {
  private ClickOps() {}

  /**
   * Scales a Deployment through its scale subresource, as {@code kubectl scale} does, once Flux
   * has created it (a lab's Deployments come from Git, a few seconds after the lab starts).
   */
  static void scale(KubernetesClient client, String namespace, RepoSteps.Scale step, Consumer<String> progress) {
    var deployment = client.apps().deployments().inNamespace(namespace).withName(step.deployment());
    Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
    try {
      while (deployment.get() == null) {
        if (Instant.now().isAfter(deadline)) {
          throw KubelabException.environment("Flux did not create the Deployment " + step.deployment() + " in " + namespace
              + " within 3 minutes", "'kubectl get gitrepository,kustomization -n " + namespace + "' says why");
        }
        progress.accept("  waiting for Flux to create the Deployment " + step.deployment());
        Thread.sleep(2000);
      }
      deployment.scale(step.replicas());
      progress.accept("  scaled the Deployment " + step.deployment() + " to " + step.replicas() + " by hand, as kubectl scale does");
    } catch (KubernetesClientException e) {
      throw Errors.translate(e, "scale the Deployment " + step.deployment() + " in " + namespace);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw KubelabException.environment("interrupted while waiting for the Deployment " + step.deployment(), "try again");
    }
  }
}
