package dev.kubelab.labs.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Flux's release manifest cut down to source-controller and kustomize-controller. */
class FluxManifestsTest {

  static List<Map<String, Object>> sample() throws Exception {
    return FluxManifests.parse(Files.readString(Path.of(FluxManifestsTest.class.getResource("/gitops/install-sample.yaml").toURI())));
  }

  @Test
  void keepsTheTwoControllersAndWhatTheyShare() throws Exception {
    List<Map<String, Object>> all = sample();
    List<Map<String, Object>> kept = FluxManifests.controllersOnly(all);
    assertThat(FluxManifests.deployments(all)).hasSize(4);
    assertThat(FluxManifests.deployments(kept)).containsExactlyInAnyOrder("source-controller", "kustomize-controller");
    assertThat(FluxManifests.crds(kept)).containsExactlyInAnyOrderElementsOf(FluxInstall.CRDS);
    assertThat(kept).extracting(o -> o.get("kind") + "/" + FluxManifests.name(o))
        .contains("Namespace/flux-system", "ResourceQuota/critical-pods-flux-system", "ClusterRole/crd-controller-flux-system",
            "ClusterRoleBinding/cluster-reconciler-flux-system", "NetworkPolicy/allow-egress", "Service/source-controller",
            "ServiceAccount/source-controller", "ServiceAccount/kustomize-controller")
        .doesNotContain("Service/notification-controller", "Service/webhook-receiver", "ServiceAccount/helm-controller",
            "Deployment/helm-controller", "CustomResourceDefinition/alerts.notification.toolkit.fluxcd.io");
    // the namespace comes first, as in the release, so everything after it has a place to go
    assertThat(kept.get(0).get("kind")).isEqualTo("Namespace");
  }

  @Test
  void theKeptControllersSendNoEventsToTheMissingNotificationController() throws Exception {
    for (Map<String, Object> d : FluxManifests.controllersOnly(sample())) {
      if (!"Deployment".equals(d.get("kind"))) continue;
      String text = d.toString();
      assertThat(text).doesNotContain("--events-addr").contains("--watch-all-namespaces=true", "--enable-leader-election");
    }
  }
}
