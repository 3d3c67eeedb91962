package dev.kubelab.labs.check;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * A small pod that traffic checks send their probes from. It carries the labels a NetworkPolicy's
 * "from" selector looks for, and is never Ready (its readiness probe always fails), so no Service
 * sends it traffic and pods-ready checks never count it. It complies with the restricted Pod
 * Security level, so it also runs in hardened namespaces. Reused across grading rounds; it goes
 * with the lab's namespace.
 */
public final class Probe {
  public static final String LABEL = "kubelab.dev/probe";

  private Probe() {}

  /** One probe per namespace and label set, named after them so every round finds the same one. */
  public static String name(Map<String, String> labels) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(new TreeMap<>(labels).toString().getBytes(StandardCharsets.UTF_8));
      return "kubelab-probe-" + HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Pod spec(String namespace, Map<String, String> labels, String image) {
    Map<String, String> all = new HashMap<>(labels);
    all.put(LABEL, "true");
    all.put("app.kubernetes.io/managed-by", "kubelab");
    return new PodBuilder().withNewMetadata().withName(name(labels)).withNamespace(namespace).withLabels(all).endMetadata()
        .withNewSpec().withTerminationGracePeriodSeconds(0L).withAutomountServiceAccountToken(false)
        .withNewSecurityContext().withRunAsNonRoot(true).withRunAsUser(65534L)
        .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile().endSecurityContext()
        .addNewContainer().withName("probe").withImage(image).withImagePullPolicy("IfNotPresent")
        .withCommand("sh", "-c", "sleep 86400")
        .withNewSecurityContext().withAllowPrivilegeEscalation(false).withNewCapabilities().addToDrop("ALL").endCapabilities()
        .endSecurityContext()
        .withNewReadinessProbe().withNewExec().withCommand("false").endExec().withPeriodSeconds(3600).endReadinessProbe()
        .endContainer().endSpec().build();
  }

  /**
   * The probe pod's name once its container runs, creating it if needed; null when it did not
   * start in time (the caller says why).
   */
  public static String ensure(KubernetesClient client, String namespace, Map<String, String> labels, String image, Duration start) {
    String name = name(labels);
    var pod = client.pods().inNamespace(namespace).withName(name);
    if (pod.get() == null) client.pods().inNamespace(namespace).resource(spec(namespace, labels, image)).create();
    Instant deadline = Instant.now().plus(start);
    while (true) {
      Pod p = pod.get();
      boolean running = p != null && p.getStatus() != null && p.getStatus().getContainerStatuses() != null
          && p.getStatus().getContainerStatuses().stream().anyMatch(c -> c.getState() != null && c.getState().getRunning() != null);
      if (running) return name;
      if (!Instant.now().isBefore(deadline)) return null;
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
  }
}
