package dev.kubelab.labs.engine;

import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.labs.check.PodExec;
import dev.kubelab.labs.check.Probe;
import dev.kubelab.labs.grade.Errors;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.readiness.Readiness;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A NetworkPolicy is only intent until the CNI enforces it. Before a policy lab, this proves the
 * cluster enforces them: in a throw-away namespace a probe must reach a pod, and must stop
 * reaching it once a deny-all policy selects that pod. Otherwise every policy exercise would be
 * graded against traffic nothing filters.
 */
final class PolicyEnforcement {
  static final String NAMESPACE = "kubelab-policy-check";
  private static final int PORT = 8080;

  private PolicyEnforcement() {}

  /**
   * True when proven; throws (environment) when the cluster does not enforce policies or pods
   * cannot talk at all. Returns false, after saying so, when the credentials cannot create a
   * namespace to try it in.
   */
  static boolean prove(KubernetesClient client, PodExec exec, String image, Consumer<String> progress) {
    return prove(client, exec, image, progress, Duration.ofSeconds(30));
  }

  /** As above, giving traffic {@code settle} to start, and the deny rule as long to take effect. */
  static boolean prove(KubernetesClient client, PodExec exec, String image, Consumer<String> progress, Duration settle) {
    progress.accept("proving that this cluster enforces NetworkPolicy (a deny rule must block a test probe)");
    try {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE)
          .addToLabels(Applier.MANAGED_BY, "kubelab").endMetadata().build()).createOr(NonDeletingOperation::update);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 403) {
        progress.accept("cannot create a namespace to test NetworkPolicy enforcement in; trusting the cluster's CNI");
        return false;
      }
      throw Errors.translate(e, "create namespace " + NAMESPACE);
    }
    try {
      client.network().v1().networkPolicies().inNamespace(NAMESPACE).withName("deny-all").delete();
      client.pods().inNamespace(NAMESPACE).resource(target(image)).createOr(NonDeletingOperation::update);
      String probe = Probe.ensure(client, NAMESPACE, Map.of("app", "probe"), image, Duration.ofMinutes(3));
      String ip = awaitTarget(client, Duration.ofMinutes(3));
      if (probe == null || ip == null) {
        throw KubelabException.environment("the NetworkPolicy test pods did not start in 3 minutes",
            "'kubectl get pods -n " + NAMESPACE + "' shows why (an image pull?); then start the lab again");
      }
      List<String> connect = List.of("nc", "-z", "-w", "2", ip, String.valueOf(PORT));
      if (!within(settle, () -> exec.run(NAMESPACE, probe, null, connect, Duration.ofSeconds(5)).exitCode() == 0)) {
        throw KubelabException.environment("pods in this cluster cannot reach each other (a probe could not connect to a"
            + " pod with no policy in the way), so traffic cannot be graded",
            "check the CNI: 'kubectl get pods -n kube-system'; on kubelab's own cluster, try --cgroups host");
      }
      client.network().v1().networkPolicies().inNamespace(NAMESPACE).resource(new NetworkPolicyBuilder()
          .withNewMetadata().withName("deny-all").endMetadata()
          .withNewSpec().withNewPodSelector().addToMatchLabels("app", "target").endPodSelector().withPolicyTypes("Ingress").endSpec()
          .build()).createOr(NonDeletingOperation::update);
      if (!within(settle, () -> exec.run(NAMESPACE, probe, null, connect, Duration.ofSeconds(5)).exitCode() != 0)) {
        throw KubelabException.environment("this cluster does not enforce NetworkPolicy: a deny-all policy did not block"
            + " a probe within " + settle.toSeconds() + " seconds, so the lab's policies would be graded against traffic nothing filters",
            "k3s enforces policies with its embedded controller, which needs the kernel's ipset support (on the container"
                + " host: 'modprobe ip_set'); other clusters need a CNI that enforces them (Calico, Cilium)");
      }
      progress.accept("NetworkPolicy is enforced");
      return true;
    } catch (KubernetesClientException e) {
      throw Errors.translate(e, "test NetworkPolicy enforcement in namespace " + NAMESPACE);
    } finally {
      try {
        client.namespaces().withName(NAMESPACE).delete();
      } catch (KubernetesClientException e) {
        progress.accept("could not delete namespace " + NAMESPACE + ": " + e.getMessage());
      }
    }
  }

  static Pod target(String image) {
    return new PodBuilder().withNewMetadata().withName("target").withNamespace(NAMESPACE).addToLabels("app", "target")
        .addToLabels(Applier.MANAGED_BY, "kubelab").endMetadata()
        .withNewSpec().withTerminationGracePeriodSeconds(0L).withAutomountServiceAccountToken(false)
        .addNewContainer().withName("web").withImage(image).withImagePullPolicy("IfNotPresent")
        .withCommand("httpd", "-f", "-p", String.valueOf(PORT), "-h", "/tmp")
        .withNewReadinessProbe().withNewTcpSocket().withNewPort(PORT).endTcpSocket().withPeriodSeconds(1).endReadinessProbe()
        .endContainer().endSpec().build();
  }

  private static String awaitTarget(KubernetesClient client, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      Pod p = client.pods().inNamespace(NAMESPACE).withName("target").get();
      if (p != null && Readiness.isPodReady(p) && p.getStatus().getPodIP() != null) return p.getStatus().getPodIP();
      if (!pause()) return null;
    }
    return null;
  }

  private static boolean within(Duration timeout, java.util.function.BooleanSupplier condition) {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      if (condition.getAsBoolean()) return true;
      if (Instant.now().isAfter(deadline) || !pause()) return false;
    }
  }

  private static boolean pause() {
    try {
      Thread.sleep(1000);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
