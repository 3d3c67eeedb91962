package dev.kubelab.labs.kubevirt;

import dev.kubelab.labs.api.KubelabException;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Which parts of KubeVirt are not ready yet, in words, and waiting until they are. */
final class Rollout {
  private Rollout() {}

  /** Every unmet part, most basic first; empty when KubeVirt can serve labs in this mode. */
  static List<String> notReady(KubernetesClient client, String namespace, Mode mode) {
    List<String> out = new ArrayList<>();
    try {
      if (!established(client, "virtualmachines.kubevirt.io")) {
        out.add("KubeVirt's VirtualMachine API is not registered yet (virt-operator creates it once it runs)");
      }
      if (namespace == null) return out; // someone else's KubeVirt, whose pods kubelab may not see
      for (String d : List.of("virt-operator", "virt-api", "virt-controller")) {
        Deployment dep = client.apps().deployments().inNamespace(namespace).withName(d).get();
        int ready = dep == null || dep.getStatus() == null || dep.getStatus().getReadyReplicas() == null ? 0 : dep.getStatus().getReadyReplicas();
        if (ready == 0) out.add(d + " has no ready pod in namespace " + namespace + (dep == null ? " (not created yet)" : ""));
      }
      if (mode == Mode.FULL) {
        DaemonSet ds = client.apps().daemonSets().inNamespace(namespace).withName("virt-handler").get();
        int ready = ds == null || ds.getStatus() == null || ds.getStatus().getNumberReady() == null ? 0 : ds.getStatus().getNumberReady();
        if (ready == 0) out.add("virt-handler, the agent that runs VMs on a node, is ready on no node yet");
        else if (NodeFacts.schedulable(client) == 0) out.add("no node is marked " + NodeFacts.SCHEDULABLE + "=true by virt-handler yet");
      }
    } catch (KubernetesClientException e) {
      out.add("cannot read KubeVirt's state: " + dev.kubelab.labs.grade.Errors.translate(e, "read it").getMessage());
    }
    return out;
  }

  static boolean established(KubernetesClient client, String crd) {
    CustomResourceDefinition d = client.apiextensions().v1().customResourceDefinitions().withName(crd).get();
    return d != null && d.getStatus() != null && d.getStatus().getConditions() != null
        && d.getStatus().getConditions().stream().anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /**
   * Polls until {@code unmet} is empty, reporting what is still missing every ten seconds.
   *
   * @throws KubelabException when the timeout passes first
   */
  static void await(String what, Supplier<List<String>> unmet, Duration timeout, Consumer<String> progress) {
    Instant deadline = Instant.now().plus(timeout);
    Instant nextNote = Instant.now();
    while (true) {
      List<String> missing = unmet.get();
      if (missing.isEmpty()) return;
      if (Instant.now().isAfter(deadline)) {
        String waited = timeout.toMinutes() > 0 ? timeout.toMinutes() + " minutes" : timeout.toSeconds() + " seconds";
        throw KubelabException.environment(what + " is not ready after " + waited + ": " + String.join("; ", missing),
            "'kubectl get pods -n kubevirt' and 'kubectl describe pod -n kubevirt NAME' show why (images still pulling?"
                + " not enough memory?); start the lab again to keep waiting, or set " + Mode.OVERRIDE + "=manifest");
      }
      if (!Instant.now().isBefore(nextNote)) {
        progress.accept("waiting for " + what + ": " + missing.get(0));
        nextNote = Instant.now().plusSeconds(10);
      }
      try {
        Thread.sleep(Math.min(1000, Math.max(50, timeout.toMillis() / 100))); // once a second, or often within a short timeout
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw KubelabException.environment("interrupted while waiting for " + what, "start the lab again");
      }
    }
  }
}
