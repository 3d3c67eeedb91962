package dev.kubelab.labs.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.labs.check.PodExec;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The enforcement proof against the mock API server, with a stand-in kubelet that starts pods and
 * a stand-in network that connects or not: enforced, not enforced, and no pod traffic at all.
 */
@EnableKubernetesMockClient(crud = true)
class PolicyEnforcementTest {
  static final String NS = PolicyEnforcement.NAMESPACE;
  KubernetesClient client;
  ScheduledExecutorService kubelet;
  final List<String> progress = new ArrayList<>();
  final List<List<String>> probes = new ArrayList<>();

  @BeforeEach
  void startKubelet() {
    kubelet = Executors.newSingleThreadScheduledExecutor();
    kubelet.scheduleWithFixedDelay(() -> {
      for (Pod p : client.pods().inNamespace(NS).list().getItems()) {
        if (p.getStatus() != null && p.getStatus().getPodIP() != null) continue;
        p.setStatus(new PodStatusBuilder().withPhase("Running").withPodIP("10.42.1." + (p.getMetadata().getName().length()))
            .addNewCondition().withType("Ready").withStatus("True").endCondition()
            .addNewContainerStatus().withName(p.getSpec().getContainers().get(0).getName()).withReady(true)
            .withNewState().withNewRunning().endRunning().endState().endContainerStatus().build());
        client.pods().inNamespace(NS).resource(p).updateStatus();
      }
    }, 0, 100, TimeUnit.MILLISECONDS);
  }

  @AfterEach
  void stopKubelet() {
    kubelet.shutdownNow();
  }

  /** A network where a probe connects unless a deny-all policy exists and {@code enforced}. */
  PodExec network(boolean podsTalk, boolean enforced) {
    return (namespace, pod, container, command, timeout) -> {
      probes.add(command);
      boolean denied = client.network().v1().networkPolicies().inNamespace(NS).withName("deny-all").get() != null;
      boolean connects = podsTalk && !(denied && enforced);
      return new PodExec.Result(connects ? 0 : 1, connects ? "" : "nc: timed out");
    };
  }

  @Test
  void aClusterThatEnforcesPoliciesIsProvenAndTheTestNamespaceGoes() {
    assertThat(PolicyEnforcement.prove(client, network(true, true), "busybox:1.37.0", progress::add, Duration.ofSeconds(3))).isTrue();
    assertThat(progress).contains("NetworkPolicy is enforced");
    assertThat(probes).allMatch(c -> c.get(0).equals("nc") && c.contains("8080"));
    assertThat(client.namespaces().withName(NS).get()).isNull();
  }

  @Test
  void aClusterThatIgnoresPoliciesIsRefusedWithTheReason() {
    assertThatThrownBy(() -> PolicyEnforcement.prove(client, network(true, false), "busybox:1.37.0", progress::add, Duration.ofSeconds(2)))
        .isInstanceOf(KubelabException.class)
        .hasMessageContaining("does not enforce NetworkPolicy: a deny-all policy did not block a probe within 2 seconds")
        .extracting(e -> ((KubelabException) e).hint()).asString().contains("ipset", "Calico");
    assertThat(client.namespaces().withName(NS).get()).isNull();
  }

  @Test
  void podsThatCannotTalkAtAllAreNotMistakenForEnforcement() {
    assertThatThrownBy(() -> PolicyEnforcement.prove(client, network(false, true), "busybox:1.37.0", progress::add, Duration.ofSeconds(2)))
        .isInstanceOf(KubelabException.class).hasMessageContaining("pods in this cluster cannot reach each other");
    assertThat(client.network().v1().networkPolicies().inNamespace(NS).list().getItems()).isEmpty();
  }
}
