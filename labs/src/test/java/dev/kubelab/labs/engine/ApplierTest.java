package dev.kubelab.labs.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelab.labs.api.KubelabException;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Applying over what the learner made: the mock answers 422 where a real API server refuses to
 * change a live Pod's spec, or a Service's clusterIP.
 */
@EnableKubernetesMockClient(crud = true)
class ApplierTest {
  static final String IMMUTABLE = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":422,\"reason\":\"Invalid\","
      + "\"message\":\"%s \\\"%s\\\" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`"
      + "\\n  core.PodSpec{\\n  \\t... // 10 identical fields\\n  }\",\"details\":{\"kind\":\"%s\",\"name\":\"%s\"}}";

  KubernetesClient client;
  KubernetesMockServer server;
  final List<String> progress = new ArrayList<>();

  void refuseChanges(String resource, String kind, String name) {
    String body = String.format(IMMUTABLE, kind, name, kind, name);
    server.expect().patch().withPath("/api/v1/namespaces/lab/" + resource + "/" + name + "?fieldManager=kubelab&force=true")
        .andReturn(422, body).once();
    server.expect().put().withPath("/api/v1/namespaces/lab/" + resource + "/" + name).andReturn(422, body).once();
  }

  @Test
  void aPodThatCannotTakeTheChangeIsReplacedAfterSayingSo() {
    client.pods().inNamespace("lab").resource(new PodBuilder().withNewMetadata().withName("reader").endMetadata()
        .withNewSpec().addNewContainer().withName("c").withImage("busybox:1.36").endContainer().endSpec().build()).create();
    refuseChanges("pods", "Pod", "reader");
    new Applier(client).apply("solution.yaml", """
        apiVersion: v1
        kind: Pod
        metadata:
          name: reader
        spec:
          containers:
            - name: c
              image: busybox:1.37.0
              command: [sleep, "3600"]
        """, "lab", "lab", progress::add);
    assertThat(progress).containsExactly("replacing Pod reader: pods cannot be changed in place");
    assertThat(client.pods().inNamespace("lab").withName("reader").get().getSpec().getContainers().get(0).getCommand())
        .containsExactly("sleep", "3600");
  }

  @Test
  void anotherKindThatCannotTakeTheChangeIsTheLearnersToDeleteAndTheErrorSaysHow() {
    client.services().inNamespace("lab").resource(new ServiceBuilder().withNewMetadata().withName("web").endMetadata()
        .withNewSpec().withClusterIP("10.43.0.10").addNewPort().withPort(80).endPort().endSpec().build()).create();
    server.expect().patch().withPath("/api/v1/namespaces/lab/services/web?fieldManager=kubelab&force=true").andReturn(422,
        "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":422,\"reason\":\"Invalid\",\"message\":"
            + "\"Service \\\"web\\\" is invalid: spec.clusterIPs[0]: Invalid value: []string{\\\"10.43.0.11\\\"}: may not change once set\","
            + "\"details\":{\"kind\":\"Service\",\"name\":\"web\",\"causes\":[{\"reason\":\"FieldValueInvalid\",\"message\":"
            + "\"Invalid value: []string{\\\"10.43.0.11\\\"}: field is immutable\",\"field\":\"spec.clusterIPs[0]\"}]}}").once();
    assertThatThrownBy(() -> new Applier(client).apply("solution.yaml", """
        apiVersion: v1
        kind: Service
        metadata:
          name: web
        spec:
          clusterIP: 10.43.0.11
          ports:
            - port: 80
        """, "lab", "lab", progress::add))
        .isInstanceOf(KubelabException.class)
        .hasMessage("Service 'web' cannot be changed in place (spec.clusterIPs[0]: Invalid value: []string{\"10.43.0.11\"}: field is immutable)")
        .extracting(e -> ((KubelabException) e).hint()).isEqualTo("delete it ('kubectl delete service web -n lab'), then run this again");
    assertThat(client.services().inNamespace("lab").withName("web").get()).as("nothing was deleted").isNotNull();
  }
}
