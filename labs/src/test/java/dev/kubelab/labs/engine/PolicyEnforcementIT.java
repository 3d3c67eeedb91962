package dev.kubelab.labs.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelab.labs.api.Cluster;
import dev.kubelab.labs.check.PodExec;
import dev.kubelab.labs.testing.RealCluster;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The enforcement proof on a real cluster: k3s's embedded policy controller blocks the probe once
 * the deny-all policy exists. On a cluster whose CNI ignores policies the proof says NOT_ENFORCED,
 * and this test fails with that, which is the point. Two proofs started seconds apart (as two labs,
 * or two kubelabs, would) must agree.
 */
@ExtendWith(RealCluster.class)
class PolicyEnforcementIT {
  static final String BUSYBOX = "docker.io/library/busybox:1.37.0";

  @Test
  void k3sEnforcesNetworkPolicy(Cluster cluster) {
    List<String> progress = new CopyOnWriteArrayList<>();
    PolicyEnforcement.Verdict verdict = PolicyEnforcement.prove(cluster.client(), PodExec.of(cluster.client()), BUSYBOX, progress::add);
    assertThat(verdict).as(String.join("\n", progress)).isEqualTo(PolicyEnforcement.Verdict.ENFORCED);
    assertThat(progress).contains("NetworkPolicy is enforced");
  }

  @Test
  void twoProofsStartedSecondsApartBothGetTheSameAnswer(Cluster cluster) throws Exception {
    List<String> progress = new CopyOnWriteArrayList<>();
    CompletableFuture<PolicyEnforcement.Verdict> first = CompletableFuture.supplyAsync(() ->
        PolicyEnforcement.prove(cluster.client(), PodExec.of(cluster.client()), BUSYBOX, progress::add));
    Thread.sleep(2000); // the second starts while the first runs, as a second lab or kubelab would
    CompletableFuture<PolicyEnforcement.Verdict> second = CompletableFuture.supplyAsync(() ->
        PolicyEnforcement.prove(cluster.client(), PodExec.of(cluster.client()), BUSYBOX, progress::add));
    PolicyEnforcement.Verdict a = first.get(8, TimeUnit.MINUTES);
    PolicyEnforcement.Verdict b = second.get(8, TimeUnit.MINUTES);
    assertThat(b).as(String.join("\n", progress)).isEqualTo(a).isEqualTo(PolicyEnforcement.Verdict.ENFORCED);
  }
}
