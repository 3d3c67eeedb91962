package dev.kubelab.labs.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelab.labs.api.Cluster;
import dev.kubelab.labs.check.PodExec;
import dev.kubelab.labs.testing.RealCluster;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The enforcement proof on a real cluster: k3s's embedded policy controller blocks the probe once
 * the deny-all policy exists. On a cluster whose CNI ignores policies this test fails with the
 * message a learner would read, which is the point.
 */
@ExtendWith(RealCluster.class)
class PolicyEnforcementIT {

  @Test
  void k3sEnforcesNetworkPolicy(Cluster cluster) {
    List<String> progress = new ArrayList<>();
    boolean proven = PolicyEnforcement.prove(cluster.client(), PodExec.of(cluster.client()), "docker.io/library/busybox:1.37.0",
        progress::add);
    assertThat(proven).isTrue();
    assertThat(progress).contains("NetworkPolicy is enforced");
  }
}
