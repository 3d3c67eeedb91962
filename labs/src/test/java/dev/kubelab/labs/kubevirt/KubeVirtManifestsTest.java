package dev.kubelab.labs.kubevirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KubeVirtManifestsTest {
  static final ModeChoice FULL = new ModeChoice(Mode.FULL, "full mode: enough memory");
  static final ModeChoice MANIFEST = new ModeChoice(Mode.MANIFEST, "manifest mode: 900 MiB free");

  static String fixture(String name) {
    try (InputStream in = KubeVirtManifestsTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void theOperatorRunsOneReplicaOnALabCluster() {
    List<Map<String, Object>> objects = KubeVirtManifests.operator(fixture("kubevirt-operator.yaml"));
    assertThat(objects).extracting(o -> o.get("kind")).containsExactly("Namespace", "CustomResourceDefinition", "PriorityClass",
        "ClusterRole", "ServiceAccount", "Deployment");
    Map<String, Object> deployment = objects.get(5);
    assertThat(Installed.dig(deployment, "spec", "replicas")).isEqualTo(1);
    assertThat(KubeVirtManifests.namespace(objects)).isEqualTo("kubevirt");
  }

  @Test
  void aFileThatIsNotKubeVirtsOperatorIsRefused() {
    assertThatThrownBy(() -> KubeVirtManifests.operator("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: x\n"))
        .hasMessageContaining("does not hold KubeVirt's CRD").hasMessageContaining("kubevirt-operator.yaml");
    assertThatThrownBy(() -> KubeVirtManifests.operator("apiVersion: v1\nkind: [unclosed\n")).hasMessageContaining("damaged");
  }

  @Test
  void fullModeRunsVmsEverywhereAndMayEmulate() {
    Map<String, Object> cr = KubeVirtManifests.cr(fixture("kubevirt-cr.yaml"), "kubevirt", FULL, true, false);
    assertThat(Installed.dig(cr, "metadata", "annotations", KubeVirtManifests.MODE_ANNOTATION)).isEqualTo("full");
    assertThat(Installed.dig(cr, "metadata", "annotations", KubeVirtManifests.REASON_ANNOTATION)).isEqualTo(FULL.reason());
    assertThat(Installed.dig(cr, "metadata", "annotations", KubeVirtManifests.VERSION_ANNOTATION)).isEqualTo(ReleaseFiles.VERSION);
    assertThat(Installed.dig(cr, "spec", "configuration", "developerConfiguration", "useEmulation")).isEqualTo(true);
    assertThat(Installed.dig(cr, "spec", "configuration", "developerConfiguration", "featureGates")).isEqualTo(List.of());
    assertThat(Installed.dig(cr, "spec", "infra", "replicas")).isEqualTo(1);
    assertThat(Installed.dig(cr, "spec", "infra", "nodePlacement")).isNull();
    assertThat(Installed.dig(cr, "spec", "workloads")).isNull();
    assertThat(Installed.dig(cr, "spec", "imagePullPolicy")).isEqualTo("IfNotPresent");
  }

  @Test
  void manifestModeKeepsVirtHandlerOffEveryNode() {
    Map<String, Object> cr = KubeVirtManifests.cr(fixture("kubevirt-cr.yaml"), "kubevirt", MANIFEST, false, true);
    assertThat(Installed.dig(cr, "metadata", "annotations", KubeVirtManifests.MODE_ANNOTATION)).isEqualTo("manifest");
    assertThat(Installed.dig(cr, "spec", "workloads", "nodePlacement", "nodeSelector")).isEqualTo(KubeVirtManifests.NO_NODE);
    assertThat(Installed.dig(cr, "spec", "infra", "nodePlacement")).isEqualTo(Map.of());
  }
}
