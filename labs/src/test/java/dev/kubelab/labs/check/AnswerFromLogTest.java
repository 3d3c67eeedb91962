package dev.kubelab.labs.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An answer compared with a line of a pod's log: a CrashLoopBackOff's reason, read live. */
// expectations only (no CRUD): mixing the two made the mock hang now and then under load
@EnableKubernetesMockClient
class AnswerFromLogTest {
  KubernetesClient client;
  KubernetesMockServer server;
  CheckHarness h;

  static final String CHECK = "{kind: answer, question: 'Why does it crash?', fromLog: {resource: {kind: Pod, selector: app=api},"
      + " previous: true, matches: 'FATAL: (.*)'}}";

  @BeforeEach
  void seed() {
    h = new CheckHarness(client);
    server.expect().get().withPath("/api/v1/namespaces/t/pods").andReturn(200, new io.fabric8.kubernetes.api.model.PodListBuilder()
        .addNewItem().withNewMetadata().withName("api-1").withNamespace("t").addToLabels("app", "api").endMetadata().endItem().build())
        .always();
    server.expect().get().withPath("/api/v1/namespaces/t/pods/api-1/log?pretty=false&previous=true")
        .andReturn(200, "starting\nFATAL: config file /etc/api/api.conf not found\nbye\n").always();
  }

  @Test
  void theLastMatchingLineDecidesAndItsGroupIsTheAnswer() {
    assertThat(h.realCluster().answer("crashed").grade(CHECK).passed()).isFalse();
    assertThat(h.realCluster().answer("config file /etc/api/api.conf not found").grade(CHECK).passed()).isTrue();
  }

  @Test
  void aLogWithoutTheLineIsNotYetComparable() {
    String other = CHECK.replace("FATAL: (.*)", "PANIC: (.*)");
    assertThat(h.realCluster().answer("anything").grade(other).detail()).contains("not in the previous log of");
  }

  @Test
  void withoutARealClusterTheLogCheckIsSkipped() {
    assertThat(h.answer("anything").grade(CHECK).status()).isEqualTo(dev.kubelab.labs.api.CheckResult.Status.SKIPPED);
  }

  @Test
  void aBadPatternIsAContentProblem() {
    assertThat(h.realCluster().answer("x").grade(CHECK.replace("FATAL: (.*)", "FATAL: (")).detail()).contains("not a regular expression");
  }
}
