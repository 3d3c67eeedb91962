package dev.kubelab.labs.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Kustomize's configMapGenerator, graded by what the Deployment uses: a hashed name, present, with the data. */
@EnableKubernetesMockClient(crud = true)
class GeneratedConfigMapTest {
  static KubernetesClient client;
  CheckHarness h;

  static final String CHECK = """
      {kind: custom, class: dev.kubelab.labs.kustomize.GeneratedConfigMap, deployment: prod-web,
       configMap: prod-web-config, key: GREETING, value: hello from prod}
      """;

  static String deployment(String configMap, String how) {
    String ref = switch (how) {
      case "envFrom" -> "envFrom: [{configMapRef: {name: %s}}]".formatted(configMap);
      case "env" -> "env: [{name: GREETING, valueFrom: {configMapKeyRef: {name: %s, key: GREETING}}}]".formatted(configMap);
      default -> "volumeMounts: [{name: cfg, mountPath: /cfg}]";
    };
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: prod-web}
        spec:
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers: [{name: web, image: busybox, %s}]
              volumes: [%s]
        ---
        """.formatted(ref, how.equals("volume") ? "{name: cfg, configMap: {name: %s}}".formatted(configMap) : "");
  }

  static String configMap(String name, String greeting) {
    return """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: %s}
        data: {GREETING: %s}
        ---
        """.formatted(name, greeting);
  }

  @BeforeEach
  void fresh() {
    client.apps().deployments().inAnyNamespace().delete();
    client.configMaps().inAnyNamespace().delete();
    h = new CheckHarness(client);
  }

  @Test
  void passesWhenTheDeploymentUsesTheGeneratedConfigMapHowEverItIsMounted() {
    for (String how : new String[] {"envFrom", "env", "volume"}) {
      fresh();
      h.seed(configMap("prod-web-config-hkcffcccgk", "hello from prod") + deployment("prod-web-config-hkcffcccgk", how));
      assertThat(h.grade(CHECK).passed()).as(how).isTrue();
    }
  }

  @Test
  void aFixedNameIsNotAGeneratedOne() {
    h.seed(configMap("prod-web-config", "hello from prod") + deployment("prod-web-config", "envFrom"));
    assertThat(h.grade(CHECK).passed()).isFalse();
    assertThat(h.grade(CHECK).detail()).contains("uses the ConfigMap prod-web-config;").contains("prod-web-config-<hash>");
  }

  @Test
  void theGeneratedConfigMapMustExistAndHoldTheValue() {
    h.seed(deployment("prod-web-config-hkcffcccgk", "envFrom"));
    assertThat(h.grade(CHECK).detail()).contains("prod-web-config-hkcffcccgk, which does not exist");
    h.seed(configMap("prod-web-config-hkcffcccgk", "hello"));
    assertThat(h.grade(CHECK).passed()).isFalse();
    assertThat(h.grade(CHECK).detail()).contains("has GREETING='hello', expected 'hello from prod'");
  }

  @Test
  void noDeploymentOrNoConfigMapSaysSo() {
    assertThat(h.grade(CHECK).detail()).contains("no Deployment prod-web in t yet");
    h.seed(deployment("x", "none"));
    assertThat(h.grade(CHECK).detail()).contains("uses no ConfigMap");
  }
}
