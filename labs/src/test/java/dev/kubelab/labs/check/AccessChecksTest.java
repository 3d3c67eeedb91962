package dev.kubelab.labs.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelab.labs.api.CheckResult;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * can-i and admission: the mock cannot authorize or admit, so its answers are scripted; what is
 * tested is the request the engine sends and how it reads the answer, both ways.
 */
@EnableKubernetesMockClient(crud = true)
class AccessChecksTest {
  static KubernetesClient client;
  static KubernetesMockServer server;
  CheckHarness h;

  static final String SAR = "/apis/authorization.k8s.io/v1/subjectaccessreviews";
  /** A question about one namespace is asked there, as a LocalSubjectAccessReview: what a class student may ask too. */
  static final String LOCAL_SAR = "/apis/authorization.k8s.io/v1/namespaces/t/localsubjectaccessreviews";

  @BeforeEach
  void fresh() {
    h = new CheckHarness(client).realCluster();
  }

  void sarAnswers(String path, boolean allowed, String reason) {
    server.expect().post().withPath(path).andReturn(201, new SubjectAccessReviewBuilder().withNewSpec().endSpec()
        .withNewStatus().withAllowed(allowed).withReason(reason).endStatus().build()).once();
  }

  @Test
  void canIAsksTheApiServerForAGroupInTheLabNamespace() throws Exception {
    sarAnswers(LOCAL_SAR, true, "RBAC: allowed by RoleBinding \"dev\"");
    CheckResult r = h.grade("{kind: can-i, as: {groups: [team-a]}, verb: create, resource: deployments, apiGroup: apps, expect: allowed}");
    assertThat(r.passed()).as(r.detail()).isTrue();
    RecordedRequest req = server.getLastRequest();
    assertThat(req.getPath()).isEqualTo(LOCAL_SAR);
    String body = req.getBody().readUtf8();
    assertThat(body).contains("\"kind\":\"LocalSubjectAccessReview\"").contains("\"user\":\"kubelab-learner\"").contains("\"team-a\"").contains("\"system:authenticated\"")
        .contains("\"verb\":\"create\"").contains("\"group\":\"apps\"").contains("\"resource\":\"deployments\"")
        .contains("\"namespace\":\"t\"");
  }

  @Test
  void canIFailsWhenMoreIsAllowedThanTheTaskNeeds() throws Exception {
    sarAnswers(SAR, true, "RBAC: allowed by ClusterRoleBinding \"oops\" of ClusterRole \"cluster-admin\"");
    CheckResult r = h.grade("{kind: can-i, as: {groups: [team-a]}, verb: '*', resource: '*', cluster: true, expect: denied}");
    assertThat(r.passed()).isFalse();
    assertThat(server.getLastRequest().getPath()).as("cluster-wide: a SubjectAccessReview").isEqualTo(SAR);
    assertThat(r.detail()).contains("expected group team-a NOT to be allowed to * * cluster-wide")
        .contains("cluster-admin").contains("more than this task needs");
  }

  @Test
  void canIFailsNamingTheMissingPermission() throws Exception {
    sarAnswers(LOCAL_SAR, false, "");
    CheckResult r = h.grade("{kind: can-i, as: {serviceAccount: app}, verb: get, resource: pods/log, expect: allowed}");
    assertThat(r.passed()).isFalse();
    assertThat(r.detail()).contains("expected ServiceAccount t/app to be allowed to get pods/log in namespace 't'")
        .contains("a permission is missing");
    String body = server.getLastRequest().getBody().readUtf8();
    assertThat(body).contains("\"user\":\"system:serviceaccount:t:app\"").contains("system:serviceaccounts:t")
        .contains("\"subresource\":\"log\"");
  }

  @Test
  void canIIsSkippedOnTheMockAndBadFieldsAreReported() {
    CheckResult skipped = new CheckHarness(client).grade("{kind: can-i, as: {user: dana}, verb: get, resource: pods, expect: allowed}");
    assertThat(skipped.status()).isEqualTo(CheckResult.Status.SKIPPED);
    CheckResult broken = h.grade("{kind: can-i, as: {user: dana}, verb: get, resource: pods, expect: maybe}");
    assertThat(broken.detail()).contains("broken in the content").contains("must be allowed or denied");
  }

  @Test
  void admissionRejectedForTheRightReason() {
    server.expect().post().withPath("/api/v1/namespaces/t/pods?dryRun=All").andReturn(403, new StatusBuilder()
        .withCode(403).withMessage("pods \"big\" is forbidden: exceeded quota: team, requested: limits.memory=4Gi").build()).times(3);
    String pod = "object: {apiVersion: v1, kind: Pod, metadata: {name: big}, spec: {containers: [{name: c, image: '${images.busybox}'}]}}";
    assertThat(h.grade("{kind: admission, " + pod + ", expect: rejected, messageContains: exceeded quota}").passed()).isTrue();
    CheckResult wrongReason = h.grade("{kind: admission, " + pod + ", expect: rejected, messageContains: PodSecurity}");
    assertThat(wrongReason.passed()).isFalse();
    assertThat(wrongReason.detail()).contains("not for the expected reason");
    CheckResult wantAdmitted = h.grade("{kind: admission, " + pod + ", expect: admitted}");
    assertThat(wantAdmitted.passed()).isFalse();
    assertThat(wantAdmitted.detail()).contains("expected the cluster to admit Pod 'big', but it was rejected: ").contains("exceeded quota");
  }

  @Test
  void admissionAdmittedIsADryRunThatCreatesNothing() throws Exception {
    String pod = "object: {apiVersion: v1, kind: Pod, metadata: {name: small}, spec: {containers: [{name: c, image: '${images.busybox}'}]}}";
    server.expect().post().withPath("/api/v1/namespaces/t/pods?dryRun=All").andReturn(201,
        "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"small\",\"namespace\":\"t\"}}").times(2);
    assertThat(h.grade("{kind: admission, " + pod + ", expect: admitted}").passed()).isTrue();
    CheckResult r = h.grade("{kind: admission, " + pod + ", expect: rejected}");
    assertThat(r.passed()).isFalse();
    assertThat(r.detail()).contains("expected the cluster to reject Pod 'small', but it was admitted");
    assertThat(server.getLastRequest().getBody().readUtf8()).contains("busybox:1");
    assertThat(client.pods().inNamespace("t").withName("small").get()).isNull();
  }
}
