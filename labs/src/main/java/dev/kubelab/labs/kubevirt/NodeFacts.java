package dev.kubelab.labs.kubevirt;

import dev.kubelab.labs.api.NodeShell;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.readiness.Readiness;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** What the cluster's nodes offer a VM: free memory and hardware virtualisation (/dev/kvm). */
final class NodeFacts {
  /** The device plugin resource virt-handler advertises on nodes that have /dev/kvm. */
  static final String KVM_RESOURCE = "devices.kubevirt.io/kvm";
  /** The label virt-handler puts on nodes that can run VMs. */
  static final String SCHEDULABLE = "kubevirt.io/schedulable";

  private NodeFacts() {}

  /** Free memory in bytes on the roomiest node, and where it was measured; empty when it cannot be. */
  record Memory(OptionalLong bytes, String where) {}

  /**
   * The node shell's MemAvailable when there is one (what the machine really has; on Docker
   * Desktop, its VM's memory), else what the scheduler sees: allocatable minus pod requests.
   */
  static Memory freeMemory(KubernetesClient client, Optional<NodeShell> shell) {
    if (shell.isPresent()) {
      Memory m = fromShell(shell.get());
      if (m.bytes().isPresent()) return m;
    }
    return fromScheduler(client);
  }

  private static Memory fromShell(NodeShell shell) {
    long best = -1;
    String where = "";
    for (String node : shell.nodes()) {
      try {
        NodeShell.Result r = shell.exec(node, List.of("sh", "-c", "awk '/^MemAvailable:/ {print $2}' /proc/meminfo"),
            Duration.ofSeconds(20));
        long kib = r.ok() ? Long.parseLong(r.stdout().strip()) : -1;
        if (kib * 1024 > best) {
          best = kib * 1024;
          where = "on node " + node + " (MemAvailable)";
        }
      } catch (RuntimeException e) {
        // a node that cannot answer does not count
      }
    }
    return best < 0 ? new Memory(OptionalLong.empty(), "") : new Memory(OptionalLong.of(best), where);
  }

  static Memory fromScheduler(KubernetesClient client) {
    try {
      Map<String, BigDecimal> requested = new HashMap<>();
      for (Pod p : client.pods().inAnyNamespace().list().getItems()) {
        String node = p.getSpec() == null ? null : p.getSpec().getNodeName();
        String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
        if (node == null || "Succeeded".equals(phase) || "Failed".equals(phase)) continue;
        BigDecimal sum = p.getSpec().getContainers().stream()
            .map(c -> c.getResources() == null || c.getResources().getRequests() == null ? null : c.getResources().getRequests().get("memory"))
            .filter(q -> q != null).map(Quantity::getAmountInBytes).reduce(BigDecimal.ZERO, BigDecimal::add);
        requested.merge(node, sum, BigDecimal::add);
      }
      long best = -1;
      String where = "";
      for (Node n : client.nodes().list().getItems()) {
        if (!Readiness.isNodeReady(n) || n.getStatus().getAllocatable() == null) continue;
        Quantity mem = n.getStatus().getAllocatable().get("memory");
        if (mem == null) continue;
        long free = Quantity.getAmountInBytes(mem).subtract(requested.getOrDefault(n.getMetadata().getName(), BigDecimal.ZERO)).longValue();
        if (free > best) {
          best = free;
          where = "for new pods on node " + n.getMetadata().getName() + " (allocatable minus requests)";
        }
      }
      return best < 0 ? new Memory(OptionalLong.empty(), "") : new Memory(OptionalLong.of(best), where);
    } catch (KubernetesClientException e) {
      return new Memory(OptionalLong.empty(), ""); // not allowed to list pods or nodes: cannot tell
    }
  }

  /** With a node shell: whether any node has /dev/kvm. Empty when there is no shell to ask. */
  static Optional<Boolean> kvmOnNodes(Optional<NodeShell> shell) {
    if (shell.isEmpty()) return Optional.empty();
    for (String node : shell.get().nodes()) {
      try {
        if (shell.get().exec(node, List.of("sh", "-c", "test -c /dev/kvm"), Duration.ofSeconds(20)).ok()) return Optional.of(true);
      } catch (RuntimeException e) {
        return Optional.empty();
      }
    }
    return Optional.of(false);
  }

  /** Once virt-handler runs: whether a node advertises KVM devices to the scheduler. */
  static boolean kvmAdvertised(KubernetesClient client) {
    return client.nodes().list().getItems().stream().anyMatch(n -> n.getStatus() != null && n.getStatus().getAllocatable() != null
        && n.getStatus().getAllocatable().get(KVM_RESOURCE) != null
        && Quantity.getAmountInBytes(n.getStatus().getAllocatable().get(KVM_RESOURCE)).signum() > 0);
  }

  /**
   * Whether a node advertises KVM within {@code within}: virt-handler's device plugin registers
   * the resource a little after the node agent is ready, so absence is only believed after a wait.
   */
  static boolean kvmAdvertised(KubernetesClient client, Duration within) {
    java.time.Instant deadline = java.time.Instant.now().plus(within);
    while (!kvmAdvertised(client)) {
      if (java.time.Instant.now().isAfter(deadline)) return false;
      try {
        Thread.sleep(Math.min(1000, Math.max(50, within.toMillis() / 20)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  /** Nodes virt-handler has marked as able to run VMs. */
  static long schedulable(KubernetesClient client) {
    return client.nodes().withLabel(SCHEDULABLE, "true").list().getItems().size();
  }

  /** Whether the cluster shows control-plane nodes, where KubeVirt puts its API and controller by default. */
  static boolean hasControlPlane(KubernetesClient client) {
    try {
      return client.nodes().list().getItems().stream().anyMatch(n -> n.getMetadata().getLabels() != null
          && (n.getMetadata().getLabels().containsKey("node-role.kubernetes.io/control-plane")
              || n.getMetadata().getLabels().containsKey("node-role.kubernetes.io/master")));
    } catch (KubernetesClientException e) {
      return true;
    }
  }
}
