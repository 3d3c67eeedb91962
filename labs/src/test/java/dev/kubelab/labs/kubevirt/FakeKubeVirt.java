package dev.kubelab.labs.kubevirt;

import dev.kubelab.labs.api.NodeShell;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Stands in for the API server's and KubeVirt's controllers on the mock: establishes CRDs, makes
 * Deployments ready, and once a KubeVirt CR exists creates virt-api, virt-controller, virt-handler
 * and the VM CRDs the way virt-operator would, honouring the CR's mode (virt-handler placed on no
 * node in manifest mode) and whether the nodes have KVM.
 */
final class FakeKubeVirt implements AutoCloseable {
  private final KubernetesClient client;
  private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();
  volatile boolean nodesHaveKvm;

  FakeKubeVirt(KubernetesClient client) {
    this.client = client;
  }

  /** Three Ready nodes, the server first, each with this much allocatable memory. */
  FakeKubeVirt nodes(String memory) {
    for (String n : List.of("k3s-server", "k3s-agent-1", "k3s-agent-2")) {
      var meta = new NodeBuilder().withNewMetadata().withName(n);
      if (n.equals("k3s-server")) meta = meta.addToLabels("node-role.kubernetes.io/control-plane", "true");
      client.nodes().resource(meta.endMetadata().withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition()
          .addToAllocatable("memory", new Quantity(memory)).addToAllocatable("cpu", new Quantity("2")).endStatus().build())
          .createOr(NonDeletingOperation::update);
    }
    return this;
  }

  FakeKubeVirt start() {
    loop.scheduleWithFixedDelay(this::reconcile, 0, 50, TimeUnit.MILLISECONDS);
    return this;
  }

  private void reconcile() {
    try {
      for (CustomResourceDefinition crd : client.apiextensions().v1().customResourceDefinitions().list().getItems()) {
        if (crd.getStatus() != null && crd.getStatus().getConditions() != null && !crd.getStatus().getConditions().isEmpty()) continue;
        crd.setStatus(new io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionStatusBuilder()
            .addToConditions(new CustomResourceDefinitionConditionBuilder().withType("Established").withStatus("True").build()).build());
        crd.getMetadata().setResourceVersion(null);
        client.resource(crd).createOr(NonDeletingOperation::update);
      }
      for (Deployment d : client.apps().deployments().inNamespace("kubevirt").list().getItems()) {
        if (d.getStatus() != null && Integer.valueOf(1).equals(d.getStatus().getReadyReplicas())) continue;
        d.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder().withReplicas(1).withReadyReplicas(1).build());
        d.getMetadata().setResourceVersion(null);
        client.resource(d).createOr(NonDeletingOperation::update);
      }
      List<GenericKubernetesResource> crs = client.genericKubernetesResources("kubevirt.io/v1", "KubeVirt").inNamespace("kubevirt").list().getItems();
      if (!crs.isEmpty()) operator(crs.get(0));
    } catch (KubernetesClientException | IllegalArgumentException e) {
      // the next round tries again, as a controller would
    }
  }

  /** What virt-operator and virt-handler do once the CR is there. */
  private void operator(GenericKubernetesResource cr) {
    KubeVirtMock.serveKinds(client);
    for (String d : List.of("virt-operator", "virt-api", "virt-controller")) {
      if (client.apps().deployments().inNamespace("kubevirt").withName(d).get() == null) {
        client.apps().deployments().inNamespace("kubevirt").resource(new DeploymentBuilder().withNewMetadata().withName(d).endMetadata()
            .withNewSpec().withReplicas(1).endSpec().build()).create();
      }
    }
    boolean manifest = Installed.dig(cr.getAdditionalProperties(), "spec", "workloads", "nodePlacement", "nodeSelector") != null;
    client.apps().daemonSets().inNamespace("kubevirt").resource(new DaemonSetBuilder().withNewMetadata().withName("virt-handler").endMetadata()
        .withNewStatus().withDesiredNumberScheduled(manifest ? 0 : 3).withNumberReady(manifest ? 0 : 3).endStatus().build())
        .createOr(NonDeletingOperation::update);
    for (var n : client.nodes().list().getItems()) {
      boolean schedulable = !manifest;
      String was = n.getMetadata().getLabels() == null ? null : n.getMetadata().getLabels().get(NodeFacts.SCHEDULABLE);
      boolean kvm = schedulable && nodesHaveKvm;
      boolean hasKvm = n.getStatus().getAllocatable().containsKey(NodeFacts.KVM_RESOURCE);
      if (String.valueOf(schedulable).equals(was) && kvm == hasKvm) continue;
      n.getMetadata().getLabels().put(NodeFacts.SCHEDULABLE, String.valueOf(schedulable));
      if (kvm) n.getStatus().getAllocatable().put(NodeFacts.KVM_RESOURCE, new Quantity("1k"));
      else n.getStatus().getAllocatable().remove(NodeFacts.KVM_RESOURCE);
      n.getMetadata().setResourceVersion(null);
      client.nodes().resource(n).createOr(NonDeletingOperation::update);
    }
  }

  @Override
  public void close() {
    loop.shutdownNow();
  }

  /** A node shell answering the two questions the add-on asks: free memory, and /dev/kvm. */
  static NodeShell shell(long memAvailableKib, boolean kvm) {
    return new NodeShell() {
      @Override
      public List<String> nodes() {
        return List.of("k3s-server");
      }

      @Override
      public void copyTo(String node, java.nio.file.Path local, String path) {
        throw new UnsupportedOperationException("the add-on copies nothing onto nodes");
      }

      @Override
      public Result exec(String node, List<String> command, Duration timeout) {
        String script = command.get(command.size() - 1);
        if (script.contains("MemAvailable")) return new Result(0, memAvailableKib + "\n", "");
        if (script.contains("/dev/kvm")) return new Result(kvm ? 0 : 1, "", "");
        return new Result(127, "", "unexpected command " + script);
      }
    };
  }

  static Map<String, String> env(String mode) {
    return mode == null ? Map.of() : Map.of(Mode.OVERRIDE, mode);
  }
}
