package dev.kubelab.labs.engine;

import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.labs.check.PodExec;
import dev.kubelab.labs.check.Probe;
import dev.kubelab.labs.grade.Errors;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.readiness.Readiness;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A NetworkPolicy is only intent until the CNI enforces it. Before a policy lab, this proves the
 * cluster enforces them: in a throw-away namespace a probe must reach a pod, and must stop
 * reaching it once a deny-all policy selects that pod. Otherwise every policy exercise would be
 * graded against traffic nothing filters.
 *
 * <p>Every proof has a namespace of its own (a random suffix), created fresh and deleted without
 * waiting, so proofs started seconds apart, by one kubelab or several, never meet: none finds
 * another's namespace terminating or its pods already there. Pods are only ever created.
 */
final class PolicyEnforcement {
  static final String PREFIX = "kubelab-policy-check-";
  static final String PURPOSE = "kubelab.dev/purpose";
  static final String PURPOSE_VALUE = "policy-check";
  /** A proof namespace older than this was left by a kubelab that stopped mid-proof. */
  private static final Duration STALE = Duration.ofMinutes(15);
  private static final int PORT = 8080;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** What the proof found. */
  enum Verdict {
    /** A deny-all policy blocked the probe. */
    ENFORCED,
    /** The probe got through a deny-all policy. */
    NOT_ENFORCED,
    /** The credentials cannot create a namespace to try it in; the cluster's CNI is trusted. */
    UNTESTABLE
  }

  private PolicyEnforcement() {}

  static Verdict prove(KubernetesClient client, PodExec exec, String image, Consumer<String> progress) {
    return prove(client, exec, image, progress, Duration.ofSeconds(30));
  }

  /**
   * Runs the proof, giving traffic {@code settle} to start and the deny rule as long to take
   * effect. Throws (environment) when the proof itself cannot run: pods that do not start, pods
   * that cannot reach each other at all, a probe pod that went away.
   */
  static Verdict prove(KubernetesClient client, PodExec exec, String image, Consumer<String> progress, Duration settle) {
    progress.accept("proving that this cluster enforces NetworkPolicy (a deny rule must block a test probe)");
    removeStale(client);
    String ns;
    try {
      ns = createNamespace(client);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 403) {
        progress.accept("cannot create a namespace to test NetworkPolicy enforcement in; trusting the cluster's CNI");
        return Verdict.UNTESTABLE;
      }
      throw Errors.translate(e, "create a namespace to test NetworkPolicy enforcement in");
    }
    try {
      client.pods().inNamespace(ns).resource(target(ns, image)).create();
      String probe = Probe.ensure(client, ns, Map.of("app", "probe"), image, Duration.ofMinutes(3));
      String ip = awaitTarget(client, ns, Duration.ofMinutes(3));
      if (probe == null || ip == null) {
        throw KubelabException.environment("the NetworkPolicy test pods did not start in 3 minutes",
            "'kubectl get pods -n " + ns + "' shows why (an image pull?); then start the lab again");
      }
      List<String> connect = List.of("nc", "-z", "-w", "2", ip, String.valueOf(PORT));
      BooleanSupplier connects = () -> connect(exec, ns, probe, connect);
      if (!within(settle, connects)) {
        throw KubelabException.environment("pods in this cluster cannot reach each other (a probe could not connect to a"
            + " pod with no policy in the way), so traffic cannot be graded",
            "check the CNI: 'kubectl get pods -n kube-system'; on kubelab's own cluster, try --cgroups host");
      }
      client.network().v1().networkPolicies().inNamespace(ns).resource(new NetworkPolicyBuilder()
          .withNewMetadata().withName("deny-all").endMetadata()
          .withNewSpec().withNewPodSelector().addToMatchLabels("app", "target").endPodSelector().withPolicyTypes("Ingress").endSpec()
          .build()).create();
      if (!within(settle, () -> !connects.getAsBoolean())) {
        progress.accept("NetworkPolicy is NOT enforced: a deny-all policy did not block the probe within " + settle.toSeconds() + " seconds");
        return Verdict.NOT_ENFORCED;
      }
      progress.accept("NetworkPolicy is enforced");
      return Verdict.ENFORCED;
    } catch (KubernetesClientException e) {
      throw Errors.translate(e, "test NetworkPolicy enforcement in namespace " + ns);
    } finally {
      try {
        client.namespaces().withName(ns).delete();
      } catch (KubernetesClientException e) {
        progress.accept("could not delete namespace " + ns + " (" + Errors.translate(e, "delete it").getMessage()
            + "); 'kubectl delete namespace " + ns + "' removes it");
      }
    }
  }

  /** The refusal a lab meets on a cluster that does not enforce policies, in words for who runs it. */
  static String notEnforced(boolean ownK3s) {
    return "the lab grades NetworkPolicies by real traffic, and this cluster does not enforce them (a deny-all policy did"
        + " not block a test probe) — " + (ownK3s
            ? "k3s enforces policies with its embedded controller, which needs the kernel's ipset support (on the container host:"
                + " 'modprobe ip_set')"
            : "your cluster's CNI accepts policies and ignores them (plain flannel, kind or minikube without a policy add-on);"
                + " use one that enforces them (Calico, Cilium) or kubelab's embedded k3s");
  }

  private static boolean connect(PodExec exec, String ns, String probe, List<String> command) {
    try {
      return exec.run(ns, probe, null, command, Duration.ofSeconds(5)).exitCode() == 0;
    } catch (RuntimeException e) {
      throw KubelabException.environment("the NetworkPolicy test lost its probe pod " + probe + " in namespace " + ns
          + " (" + Errors.rootMessage(e) + ")", "something deleted the test namespace or its pods; start the lab again", e);
    }
  }

  /** A namespace no other proof uses: a fresh random name, created (never updated). */
  private static String createNamespace(KubernetesClient client) {
    for (int attempt = 0; ; attempt++) {
      String name = PREFIX + suffix();
      try {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name)
            .addToLabels(Applier.MANAGED_BY, "kubelab").addToLabels(PURPOSE, PURPOSE_VALUE).endMetadata().build()).create();
        return name;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt >= 3) throw e;
      }
    }
  }

  private static String suffix() {
    String chars = "abcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 6; i++) s.append(chars.charAt(RANDOM.nextInt(chars.length())));
    return s.toString();
  }

  /** Deletes proof namespaces a kubelab left behind when it stopped mid-proof; never a running proof's. */
  private static void removeStale(KubernetesClient client) {
    try {
      Instant cutoff = Instant.now().minus(STALE);
      for (Namespace n : client.namespaces().withLabel(PURPOSE, PURPOSE_VALUE).list().getItems()) {
        String created = n.getMetadata().getCreationTimestamp();
        if (created != null && Instant.parse(created).isBefore(cutoff)) client.namespaces().resource(n).delete();
      }
    } catch (KubernetesClientException | java.time.format.DateTimeParseException e) {
      // tidying only: a proof does not depend on it
    }
  }

  static Pod target(String namespace, String image) {
    return new PodBuilder().withNewMetadata().withName("target").withNamespace(namespace).addToLabels("app", "target")
        .addToLabels(Applier.MANAGED_BY, "kubelab").endMetadata()
        .withNewSpec().withTerminationGracePeriodSeconds(0L).withAutomountServiceAccountToken(false)
        .addNewContainer().withName("web").withImage(image).withImagePullPolicy("IfNotPresent")
        .withCommand("httpd", "-f", "-p", String.valueOf(PORT), "-h", "/tmp")
        .withNewReadinessProbe().withNewTcpSocket().withNewPort(PORT).endTcpSocket().withPeriodSeconds(1).endReadinessProbe()
        .endContainer().endSpec().build();
  }

  private static String awaitTarget(KubernetesClient client, String ns, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      Pod p = client.pods().inNamespace(ns).withName("target").get();
      if (p != null && Readiness.isPodReady(p) && p.getStatus().getPodIP() != null) return p.getStatus().getPodIP();
      if (!pause()) return null;
    }
    return null;
  }

  private static boolean within(Duration timeout, BooleanSupplier condition) {
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
