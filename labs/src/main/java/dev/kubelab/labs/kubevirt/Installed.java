package dev.kubelab.labs.kubevirt;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * KubeVirt as found on the cluster: installed by kubelab (its CR carries kubelab's mode
 * annotation) or by someone else, whose installation is used as it is.
 *
 * @param namespace where KubeVirt runs; null when the cluster serves KubeVirt's API but kubelab may not see its CR
 * @param mode      full when nodes run VMs
 * @param reason    why this mode, for the learner
 * @param ours      installed by kubelab (so kubelab may reconfigure it)
 * @param emulation the CR allows software emulation
 * @param version   the KubeVirt release kubelab installed; null when kubelab did not install it
 */
record Installed(String namespace, Mode mode, String reason, boolean ours, boolean emulation, String version) {

  static Optional<Installed> find(KubernetesClient client) {
    try {
      List<GenericKubernetesResource> crs = client.genericKubernetesResources("kubevirt.io/v1", "KubeVirt").inAnyNamespace().list().getItems();
      if (!crs.isEmpty()) return Optional.of(of(client, crs.get(0)));
    } catch (KubernetesClientException | IllegalArgumentException e) {
      // no KubeVirt CRD, or not allowed to read it: the API discovery below still tells
    }
    if (!served(client)) return Optional.empty();
    return Optional.of(foreign(client, null));
  }

  private static Installed of(KubernetesClient client, GenericKubernetesResource cr) {
    Map<String, String> annotations = cr.getMetadata().getAnnotations();
    String mode = annotations == null ? null : annotations.get(KubeVirtManifests.MODE_ANNOTATION);
    boolean emulation = Boolean.TRUE.equals(dig(cr.getAdditionalProperties(), "spec", "configuration", "developerConfiguration", "useEmulation"));
    Optional<Mode> m = Mode.parse(mode);
    if (m.isEmpty()) return foreign(client, cr.getMetadata().getNamespace()).withEmulation(emulation);
    String reason = annotations.getOrDefault(KubeVirtManifests.REASON_ANNOTATION, "chosen when kubelab installed KubeVirt");
    return new Installed(cr.getMetadata().getNamespace(), m.get(), reason, true, emulation,
        annotations.get(KubeVirtManifests.VERSION_ANNOTATION));
  }

  private static Installed foreign(KubernetesClient client, String namespace) {
    boolean runsVms;
    try {
      runsVms = NodeFacts.schedulable(client) > 0;
    } catch (KubernetesClientException e) {
      runsVms = true; // may not list nodes: assume the admin's KubeVirt runs VMs
    }
    return new Installed(namespace, runsVms ? Mode.FULL : Mode.MANIFEST, runsVms
        ? "KubeVirt was already installed on this cluster (not by kubelab), and its nodes run VMs; kubelab uses it as it is"
        : "KubeVirt was already installed on this cluster (not by kubelab), and no node is labelled "
            + NodeFacts.SCHEDULABLE + "=true, so no VM boots; VM definitions are graded by their spec", false, false, null);
  }

  private Installed withEmulation(boolean e) {
    return new Installed(namespace, mode, reason, ours, e, version);
  }

  /** Whether the API server serves KubeVirt's VirtualMachine kind (discovery needs no special rights). */
  static boolean served(KubernetesClient client) {
    try {
      var resources = client.getApiResources("kubevirt.io/v1");
      return resources != null && resources.getResources().stream().anyMatch(r -> "VirtualMachine".equals(r.getKind()));
    } catch (KubernetesClientException e) {
      return false;
    }
  }

  static Object dig(Object root, String... path) {
    Object v = root;
    for (String p : path) {
      if (!(v instanceof Map<?, ?> m)) return null;
      v = m.get(p);
    }
    return v;
  }
}
