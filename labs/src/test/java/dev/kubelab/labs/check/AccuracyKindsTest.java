package dev.kubelab.labs.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelab.labs.api.CheckResult;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The kinds that close whole classes of wrong answers: least privilege, mounts, provenance and
 * ownership. Each passes on the right state, and fails on the plausible wrong one, saying why.
 */
@EnableKubernetesMockClient(crud = true)
class AccuracyKindsTest {
  static KubernetesClient client;
  CheckHarness h;

  static final String LEAST = """
      {kind: permissions, as: {serviceAccount: app},
       allow: [{apiGroups: [""], resources: [configmaps], verbs: [get, list, watch]}]}
      """;

  @BeforeEach
  void fresh() {
    // the CRUD mock does not cascade a namespace's deletion: clear what the tests seed
    client.rbac().roles().inNamespace("t").delete();
    client.rbac().roleBindings().inNamespace("t").delete();
    client.rbac().clusterRoles().delete();
    client.rbac().clusterRoleBindings().delete();
    client.pods().inNamespace("t").delete();
    client.persistentVolumeClaims().inNamespace("t").delete();
    client.apps().replicaSets().inNamespace("t").delete();
    h = new CheckHarness(client);
  }

  static String role(String verbs, String resources, String groups) {
    return """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: reader}
        rules: [{apiGroups: %s, resources: %s, verbs: %s}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: reader}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}
        subjects: [{kind: ServiceAccount, name: app, namespace: t}]
        """.formatted(groups, resources, verbs);
  }

  @Test
  void leastPrivilegePassesTheExactGrantWrittenAnyWay() {
    h.seed(role("[watch, get, list]", "[configmaps]", "[\"\"]"));
    assertThat(h.grade(LEAST).passed()).isTrue();
  }

  @Test
  void leastPrivilegeAcceptsOneRulePerVerbAndAnUnrelatedBinding() {
    h.seed("""
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: reader}
        rules:
        - {apiGroups: [""], resources: [configmaps], verbs: [get]}
        - {apiGroups: [""], resources: [configmaps], verbs: [list, watch]}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: reader}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}
        subjects: [{kind: ServiceAccount, name: app}, {kind: User, name: someone-else}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: others}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
        subjects: [{kind: ServiceAccount, name: other}]
        """);
    assertThat(h.grade(LEAST).passed()).isTrue();
  }

  @Test
  void leastPrivilegeNamesEveryVerbBeyondTheTask() {
    h.seed(role("[\"*\"]", "[configmaps]", "[\"\"]"));
    CheckResult r = h.grade(LEAST);
    assertThat(r.passed()).isFalse();
    assertThat(r.detail()).contains("may also do anything (verb *) with configmaps").contains("RoleBinding reader → Role reader");
  }

  @Test
  void leastPrivilegeCatchesAWildcardResourceInAGroup() {
    h.seed(role("[get, list, watch]", "[\"*\"]", "[\"\"]"));
    CheckResult r = h.grade(LEAST);
    assertThat(r.passed()).isFalse();
    assertThat(r.detail()).contains("get, list, watch every resource (*)");
  }

  @Test
  void leastPrivilegeCatchesAPartialGrant() {
    h.seed(role("[get, list]", "[configmaps]", "[\"\"]"));
    CheckResult r = h.grade(LEAST);
    assertThat(r.passed()).isFalse();
    assertThat(r.detail()).contains("may not yet watch configmaps");
  }

  @Test
  void leastPrivilegeCatchesAClusterRoleBindingAndIgnoresTheBuiltInOnes() {
    h.seed(role("[get, list, watch]", "[configmaps]", "[\"\"]"));
    h.seed("""
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: system:basic-user, labels: {kubernetes.io/bootstrapping: rbac-defaults}}
        rules: [{apiGroups: [authorization.k8s.io], resources: [selfsubjectaccessreviews], verbs: [create]}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: system:basic-user, labels: {kubernetes.io/bootstrapping: rbac-defaults}}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: system:basic-user}
        subjects: [{kind: Group, name: system:authenticated}]
        """);
    assertThat(h.grade(LEAST).passed()).as("the cluster's own bindings are not the learner's").isTrue();
    h.seed("""
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: deleter}
        rules: [{apiGroups: [apps], resources: [deployments], verbs: [delete]}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: too-much}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: deleter}
        subjects: [{kind: ServiceAccount, name: app, namespace: t}]
        """);
    CheckResult r = h.grade(LEAST);
    assertThat(r.passed()).isFalse();
    assertThat(r.detail()).contains("may also delete deployments in API group apps (ClusterRoleBinding too-much");
  }

  @Test
  void leastPrivilegeWithNothingBoundSaysSo() {
    CheckResult r = h.grade(LEAST);
    assertThat(r.passed()).isFalse();
    assertThat(r.detail()).contains("no Role or ClusterRole is bound to it");
  }

  static String writer(String mountPath, String volumes) {
    return """
        apiVersion: v1
        kind: Pod
        metadata: {name: writer, labels: {app: writer}}
        spec:
          containers: [{name: writer, image: busybox, volumeMounts: [{name: data, mountPath: %s}, {name: scratch, mountPath: /data}]}]
          volumes: %s
        """.formatted(mountPath, volumes);
  }

  static final String MOUNTS = "{kind: mounts, pod: writer, claim: data, path: /data}";

  @Test
  void mountsPassesTheClaimAtThePath() {
    h.seed("""
        apiVersion: v1
        kind: Pod
        metadata: {name: writer}
        spec:
          containers: [{name: writer, image: busybox, volumeMounts: [{name: vol, mountPath: /data/}]}]
          volumes: [{name: vol, persistentVolumeClaim: {claimName: data}}]
        """);
    assertThat(h.grade(MOUNTS).passed()).isTrue();
  }

  @Test
  void mountsFailsAClaimMountedElsewhereWhileThePathIsAnEmptyDir() {
    h.seed(writer("/mnt", "[{name: data, persistentVolumeClaim: {claimName: data}}, {name: scratch, emptyDir: {}}]"));
    CheckResult r = h.grade(MOUNTS);
    assertThat(r.passed()).isFalse();
    assertThat(r.detail()).contains("the claim's volume 'data' is mounted at /mnt").contains("/data is volume 'scratch' (emptyDir)");
  }

  @Test
  void mountsFailsAPodWithoutTheClaim() {
    h.seed(writer("/mnt", "[{name: data, emptyDir: {}}, {name: scratch, emptyDir: {}}]"));
    assertThat(h.grade(MOUNTS).detail()).contains("no volume of the pod comes from claim data");
  }

  static final String SECRET_MOUNT = "{kind: mounts, pod: writer, secret: creds, path: /data}";

  @Test
  void mountsPassesASecretAtThePath() {
    h.seed(writer("/mnt", "[{name: data, emptyDir: {}}, {name: scratch, secret: {secretName: creds}}]"));
    assertThat(h.grade(SECRET_MOUNT).passed()).isTrue();
  }

  @Test
  void mountsFailsASecretMountedElsewhereWhileThePathIsAnEmptyDirOrAConfigMap() {
    h.seed(writer("/mnt", "[{name: data, secret: {secretName: creds}}, {name: scratch, configMap: {name: creds}}]"));
    CheckResult r = h.grade(SECRET_MOUNT);
    assertThat(r.passed()).isFalse();
    assertThat(r.detail()).contains("to mount Secret creds at /data").contains("the Secret's volume 'data' is mounted at /mnt")
        .contains("/data is volume 'scratch' (configMap)");
  }

  @Test
  void mountsFailsAClaimWhereTheTaskNamesASecretOfTheSameName() {
    h.seed(writer("/mnt", "[{name: data, emptyDir: {}}, {name: scratch, persistentVolumeClaim: {claimName: creds}}]"));
    assertThat(h.grade(SECRET_MOUNT).detail()).contains("no volume of the pod comes from Secret creds");
  }

  @Test
  void replacedNeedsANewIncarnation() {
    h.seed("{apiVersion: v1, kind: Pod, metadata: {name: web-0}, spec: {containers: [{name: a, image: b}]}}");
    String uid = client.pods().inNamespace("t").withName("web-0").get().getMetadata().getUid();
    String check = "{kind: replaced, resource: v1/Pod/web-0}";
    CheckResult before = h.uid("Pod/t/web-0", uid).grade(check);
    assertThat(before.passed()).isFalse();
    assertThat(before.detail()).contains("never deleted");
    client.pods().inNamespace("t").withName("web-0").delete();
    h.seed("{apiVersion: v1, kind: Pod, metadata: {name: web-0}, spec: {containers: [{name: a, image: b}]}}");
    assertThat(h.grade(check).passed()).isTrue();
  }

  @Test
  void replacedNewerThanComparesCreationTimesOnARealCluster() {
    String check = "{kind: replaced, resource: v1/Pod/web-0, newerThan: v1/PersistentVolumeClaim/data-web-0}";
    h.seed("{apiVersion: v1, kind: Pod, metadata: {name: web-0}, spec: {containers: [{name: a, image: b}]}}");
    assertThat(h.grade(check).status()).as("the mock stamps creation times itself").isEqualTo(CheckResult.Status.SKIPPED);
    var kinds = CheckKinds.builtIn();
    var spec = new dev.kubelab.labs.api.CheckSpec("c", "replaced", 1, null, null,
        java.util.Map.of("resource", "v1/Pod/web-0", "newerThan", "v1/PersistentVolumeClaim/data-web-0"), "test");
    Check bound = kinds.bind(spec, v -> v, new java.util.ArrayList<>());
    Outcome together = bound.evaluate(new Times("2026-12-03T10:00:00Z", "2026-12-03T10:00:01Z"));
    assertThat(together.passed()).isFalse();
    assertThat(together.detail()).contains("never deleted and recreated");
    assertThat(bound.evaluate(new Times("2026-12-03T10:00:00Z", "2026-12-03T10:04:00Z")).passed()).isTrue();
  }

  /** A real cluster's view of a claim and the pod using it, created at the given times. */
  private record Times(String claimCreated, String podCreated) implements CheckContext {
    @Override
    public java.util.List<io.fabric8.kubernetes.api.model.GenericKubernetesResource> list(ResourceRef ref) {
      boolean pod = ref.kind().equals("Pod");
      var r = new io.fabric8.kubernetes.api.model.GenericKubernetesResource();
      r.setKind(ref.kind());
      r.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(ref.name()).withNamespace("t")
          .withCreationTimestamp(pod ? podCreated : claimCreated).build());
      return java.util.List.of(r);
    }

    @Override
    public java.util.Map<String, Object> asMap(io.fabric8.kubernetes.api.model.GenericKubernetesResource resource) {
      return java.util.Map.of();
    }

    @Override
    public String namespace(String logical) {
      return "t";
    }

    @Override
    public java.util.Optional<String> answer() {
      return java.util.Optional.empty();
    }

    @Override
    public java.util.Optional<String> setupUid(String key) {
      return java.util.Optional.empty();
    }

    @Override
    public KubernetesClient client() {
      return null;
    }

    @Override
    public boolean realCluster() {
      return true;
    }

    @Override
    public PodExec exec() {
      return null;
    }
  }

  static String owned(String deployment) {
    return """
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata:
          name: %1$s-5d8f
          labels: {app: web}
          ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: %1$s, uid: u1, controller: true}]
        spec: {selector: {matchLabels: {app: web}}, template: {metadata: {labels: {app: web}}, spec: {containers: [{name: a, image: b}]}}}
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: %1$s-5d8f-x1
          labels: {app: web}
          ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: %1$s-5d8f, uid: u2, controller: true}]
        spec: {containers: [{name: a, image: b}]}
        status: {phase: Running, qosClass: Burstable, conditions: [{type: Ready, status: "True"}]}
        """.formatted(deployment);
  }

  @Test
  void ownerFollowsTheDeploymentThroughItsReplicaSet() {
    String check = """
        {kind: field, resource: {kind: Pod, selector: app=web, owner: apps/v1/Deployment/web}, path: .status.qosClass, equals: Burstable}
        """;
    h.seed(owned("wbe"));
    CheckResult wrong = h.grade(check);
    assertThat(wrong.passed()).as("pods of Deployment wbe are not the pods of web").isFalse();
    assertThat(wrong.detail()).contains("of Deployment 'web'");
    h.seed(owned("web"));
    assertThat(h.grade(check).passed()).isTrue();
    assertThat(h.grade("{kind: pods-ready, owner: apps/v1/Deployment/web, min: 1}").passed()).isTrue();
    assertThat(h.grade("{kind: pods-ready, owner: apps/v1/Deployment/api, min: 1}").passed()).isFalse();
  }
}
