package dev.kubelab.labs.addon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelab.labs.content.ImageCatalog;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** --image-registry reaches the add-ons' own images: pod templates, *_IMAGE variables, KubeVirt's registry. */
class AddonImagesTest {
  static final UnaryOperator<String> MIRROR = ImageCatalog.mover("harbor.corp/hub");

  @SuppressWarnings("unchecked")
  static Map<String, Object> yaml(String text) {
    return (Map<String, Object>) new Yaml().load(text);
  }

  @Test
  void containersInitContainersAndImageVariablesMove() {
    Map<String, Object> d = yaml("""
        kind: Deployment
        spec:
          template:
            spec:
              initContainers: [{name: init, image: busybox:1.37.0}]
              containers:
                - name: virt-operator
                  image: quay.io/kubevirt/virt-operator:v1.9.0
                  env:
                    - {name: VIRT_OPERATOR_IMAGE, value: quay.io/kubevirt/virt-operator:v1.9.0}
                    - {name: WATCH_NAMESPACE, value: kubevirt}
        """);
    AddonImages.rewrite(d, MIRROR);
    Map<String, Object> pod = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) d.get("spec")).get("template")).get("spec");
    Map<String, Object> operator = ((List<Map<String, Object>>) pod.get("containers")).get(0);
    assertThat(operator.get("image")).isEqualTo("harbor.corp/hub/kubevirt/virt-operator:v1.9.0");
    assertThat((List<Map<String, Object>>) operator.get("env")).extracting(e -> e.get("value"))
        .containsExactly("harbor.corp/hub/kubevirt/virt-operator:v1.9.0", "kubevirt");
    assertThat(((List<Map<String, Object>>) pod.get("initContainers")).get(0).get("image")).isEqualTo("harbor.corp/hub/library/busybox:1.37.0");
  }

  @Test
  void objectsWithoutAPodTemplateAndNoMirrorAreLeftAlone() {
    Map<String, Object> cm = yaml("{kind: ConfigMap, data: {image: ghcr.io/fluxcd/x:1}}");
    AddonImages.rewrite(cm, MIRROR);
    assertThat(cm).isEqualTo(yaml("{kind: ConfigMap, data: {image: ghcr.io/fluxcd/x:1}}"));
    assertThat(AddonImages.registryOf("quay.io/kubevirt/virt-api:v1.9.0", UnaryOperator.identity())).isNull();
    assertThat(AddonImages.registryOf("quay.io/kubevirt/virt-api:v1.9.0", MIRROR)).isEqualTo("harbor.corp/hub/kubevirt");
  }
}
