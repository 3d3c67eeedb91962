package dev.kubelab.labs.grade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kubelab.labs.api.KubelabException;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.Test;

/**
 * The API server's refusals as the mock answers them where a real server would (it is an admin
 * with no admission): each becomes one line in plain words and one hint, never the raw body.
 */
@EnableKubernetesMockClient
class ErrorsTest {
  static final String POD_DIFF = "Pod \\\"reader\\\" is invalid: spec: Forbidden: pod updates may not change fields other than"
      + " `spec.containers[*].image`,`spec.initContainers[*].image`\\n  core.PodSpec{\\n  \\t... // 10 identical fields\\n"
      + "  \\tServiceAccountName: \\\"default\\\",\\n- \\tNodeName: \\\"\\\",\\n+ \\tNodeName: \\\"k3s\\\"\\n  }\\n";

  KubernetesClient client;
  KubernetesMockServer server;

  static String status(int code, String reason, String message, String kind, String name, String causes) {
    return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":" + code + ",\"reason\":\"" + reason
        + "\",\"message\":\"" + message + "\",\"details\":{\"kind\":\"" + kind + "\",\"name\":\"" + name + "\""
        + (causes == null ? "" : ",\"causes\":" + causes) + "}}";
  }

  KubernetesClientException refusal(int code, String body) {
    server.expect().put().withPath("/api/v1/namespaces/lab/pods/reader").andReturn(code, body).once();
    return catchThrowableOfType(KubernetesClientException.class, () -> client.pods().inNamespace("lab").resource(new PodBuilder()
        .withNewMetadata().withName("reader").withNamespace("lab").withResourceVersion("1").endMetadata().build()).update());
  }

  @Test
  void forbiddenSaysTheRightIsMissingAndATerminatingNamespaceSaysWaitInstead() {
    KubelabException k = Errors.translate(refusal(403, status(403, "Forbidden",
        "pods \\\"reader\\\" is forbidden: User \\\"dana\\\" cannot update resource \\\"pods\\\"", "pods", "reader", null)), "update Pod 'reader'");
    assertThat(k.getMessage()).isEqualTo("the cluster refused to let kubelab update Pod 'reader' (forbidden: your credentials lack the right)");
    assertThat(k.hint()).contains("credentials with that right");

    KubelabException terminating = Errors.translate(refusal(403, status(403, "Forbidden",
        "pods \\\"reader\\\" is forbidden: unable to create new content in namespace lab because it is being terminated", "pods", "reader",
        null)), "create Pod 'reader'");
    assertThat(terminating.getMessage()).contains("its namespace is still being deleted");
    assertThat(terminating.hint()).contains("wait until").doesNotContain("credentials");
  }

  @Test
  void aQuotaOrAnAdmissionPolicyThatRefusesIsNamedNotMistakenForMissingRights() {
    KubelabException quota = Errors.translate(refusal(403, status(403, "Forbidden", "services \\\"web\\\" is forbidden: exceeded quota:"
        + " kubelab-class-quota, requested: services.nodeports=1, used: services.nodeports=0, limited: services.nodeports=0",
        "services", "web", null)), "apply Service 'web'");
    assertThat(quota.getMessage()).isEqualTo("could not apply Service 'web': the namespace's ResourceQuota does not allow it (exceeded quota:"
        + " kubelab-class-quota, requested: services.nodeports=1, used: services.nodeports=0, limited: services.nodeports=0)")
        .doesNotContain("credentials");
    assertThat(quota.hint()).contains("describe resourcequota");

    KubelabException policy = Errors.translate(refusal(403, status(403, "Forbidden", "storageclasses \\\"gold\\\" is forbidden:"
        + " ValidatingAdmissionPolicy 'kubelab-class-c-cluster' with binding 'kubelab-class-c-cluster' denied request: the names of the"
        + " StorageClasses you create must start with class-c-s1-", "storageclasses", "gold", null)), "apply StorageClass 'gold'");
    assertThat(policy.getMessage()).isEqualTo("could not apply StorageClass 'gold': the cluster's admission policy kubelab-class-c-cluster"
        + " refused it: the names of the StorageClasses you create must start with class-c-s1-");
    assertThat(policy.hint()).doesNotContain("credentials");
  }

  @Test
  void notFoundAndConflictNameTheObject() {
    assertThat(Errors.translate(refusal(404, status(404, "NotFound", "pods \\\"reader\\\" not found", "pods", "reader", null)),
        "update it").getMessage()).isEqualTo("could not update it: Pod 'reader' is not there (deleted meanwhile, or its namespace is gone)");
    KubelabException exists = Errors.translate(refusal(409, status(409, "AlreadyExists", "pods \\\"reader\\\" already exists", "pods",
        "reader", null)), "create it");
    assertThat(exists.getMessage()).isEqualTo("could not create it: Pod 'reader' already exists");
    KubelabException conflict = Errors.translate(refusal(409, status(409, "Conflict",
        "Operation cannot be fulfilled on pods \\\"reader\\\": the object has been modified", "pods", "reader", null)), "update it");
    assertThat(conflict.getMessage()).contains("was changed by someone else meanwhile");
    assertThat(conflict.hint()).isEqualTo("run the command again");
  }

  @Test
  void anImmutablePodIsOneLineWithoutTheStructDiff() {
    KubernetesClientException e = refusal(422, status(422, "Invalid", POD_DIFF, "Pod", "reader",
        "[{\"reason\":\"FieldValueForbidden\",\"message\":\"" + POD_DIFF.substring(POD_DIFF.indexOf("Forbidden:")) + "\",\"field\":\"spec\"}]"));
    assertThat(Errors.immutable(e)).isTrue();
    KubelabException k = Errors.translate(e, "apply Pod 'reader'");
    assertThat(k.getMessage()).startsWith("could not apply Pod 'reader': Pod 'reader' cannot be changed in place (spec: Forbidden: pod updates")
        .doesNotContain("PodSpec", "\n", "identical fields");
    assertThat(k.getMessage().length()).isLessThan(260);
    assertThat(k.hint()).isEqualTo("delete it and create it again");
    assertThat(k.exitCode()).isEqualTo(KubelabException.USAGE);
  }

  @Test
  void anInvalidObjectNamesTheFieldsAndTheServerErrorNeverShowsItsBody() {
    KubelabException invalid = Errors.translate(refusal(422, status(422, "Invalid", "Pod \\\"reader\\\" is invalid", "Pod", "reader",
        "[{\"reason\":\"FieldValueRequired\",\"message\":\"Required value\",\"field\":\"spec.containers[0].image\"}]")), "apply it");
    assertThat(invalid.getMessage()).isEqualTo("the cluster rejected the request to apply it as invalid: spec.containers[0].image: Required value");
    // the client retries a 500 itself; what reaches kubelab is the last answer
    KubelabException broken = Errors.translate(new KubernetesClientException(new io.fabric8.kubernetes.api.model.StatusBuilder()
        .withCode(500).withMessage("etcdserver: request timed out\n  goroutine 1 [running]: ...").build()), "update it");
    assertThat(broken.getMessage()).isEqualTo("the cluster could not update it right now (it answered 500: etcdserver: request timed out)");
  }
}
