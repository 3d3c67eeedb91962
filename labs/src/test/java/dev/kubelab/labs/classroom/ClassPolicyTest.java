package dev.kubelab.labs.classroom;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelab.labs.testing.AdmissionPolicies;
import dev.kubelab.labs.testing.AdmissionPolicies.Request;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The class's admission policies, evaluated with CEL as the API server evaluates them: what a
 * student may create cluster-wide passes, and every way out of their prefix, their directory, their
 * Pod Security floor or their class's objects is refused with a message that says why.
 */
class ClassPolicyTest {
  static final KubernetesSerialization JSON = new KubernetesSerialization();
  static final List<HasMetadata> POLICIES = ClassPolicy.policies("c", List.of("rancher.io/local-path"));
  static final ValidatingAdmissionPolicy CLUSTER = policy(ClassPolicy.clusterPolicyName("c"));
  static final ValidatingAdmissionPolicy OBJECTS = policy(ClassPolicy.objectsPolicyName("c"));
  static final String STUDENT = "system:serviceaccount:class-c-s1:student";

  static ValidatingAdmissionPolicy policy(String name) {
    return POLICIES.stream().filter(p -> p instanceof ValidatingAdmissionPolicy && p.getMetadata().getName().equals(name))
        .map(ValidatingAdmissionPolicy.class::cast).findFirst().orElseThrow();
  }

  static Map<String, Object> yaml(String text) {
    return JSON.unmarshal(text, Map.class);
  }

  static Optional<String> create(String user, String resource, String yaml) {
    String group = resource.equals("storageclasses") ? "storage.k8s.io" : resource.equals("clusterroles") ? "rbac.authorization.k8s.io" : "";
    Map<String, Object> o = yaml(yaml);
    return AdmissionPolicies.deny(CLUSTER, new Request(user, "CREATE", group, resource, null,
        (String) ((Map<?, ?>) o.get("metadata")).get("name"), o, null));
  }

  static String sc(String name, String extra) {
    return "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: " + name + "\n" + extra
        + (extra.contains("provisioner:") ? "" : "provisioner: rancher.io/local-path\n") + "reclaimPolicy: Retain\n";
  }

  static String pv(String name, String spec) {
    return "apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: " + name + "\nspec:\n  capacity: {storage: 1Gi}\n"
        + "  accessModes: [ReadWriteOnce]\n  storageClassName: \"\"\n" + spec;
  }

  @Test
  void eachPolicyIsBoundToDeny() {
    assertThat(POLICIES).filteredOn(p -> p instanceof io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding)
        .map(p -> (io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding) p)
        .extracting(b -> b.getSpec().getPolicyName() + " " + b.getSpec().getValidationActions())
        .containsExactly(ClassPolicy.clusterPolicyName("c") + " [Deny]", ClassPolicy.objectsPolicyName("c") + " [Deny]");
    assertThat(POLICIES).allSatisfy(p -> assertThat(p.getMetadata().getLabels()).containsEntry(Naming.CLASS_LABEL, "c"));
  }

  @Test
  void aStudentsStorageClassMustCarryTheirPrefixAndStayHarmless() {
    assertThat(create(STUDENT, "storageclasses", sc("class-c-s1-gold", ""))).isEmpty();
    assertThat(create(STUDENT, "storageclasses", sc("gold", ""))).hasValueSatisfying(m ->
        assertThat(m).contains("must start with class-c-s1-", "gold does not"));
    assertThat(create(STUDENT, "storageclasses", sc("class-c-s2-gold", ""))).as("a neighbour's prefix").isPresent();
    assertThat(create(STUDENT, "storageclasses", sc("class-c-s1-gold",
        "  annotations: {storageclass.kubernetes.io/is-default-class: \"true\"}\n"))).hasValueSatisfying(m -> assertThat(m).contains("default"));
    assertThat(create(STUDENT, "storageclasses", sc("class-c-s1-gold", "parameters: {nodePath: /}\n")))
        .hasValueSatisfying(m -> assertThat(m).contains("parameters"));
    assertThat(create(STUDENT, "storageclasses", sc("class-c-s1-gold", "provisioner: kubernetes.io/no-provisioner\n")))
        .hasValueSatisfying(m -> assertThat(m).contains("rancher.io/local-path", "kubernetes.io/no-provisioner"));
    assertThat(create("admin", "storageclasses", sc("gold", "parameters: {a: b}\n"))).as("the instructor is not bound").isEmpty();
  }

  @Test
  void aStudentsPersistentVolumeIsAHostPathOneLevelUnderTheirOwnDirectory() {
    String ok = "  hostPath: {path: /var/lib/kubelab/class-c-s1/manual, type: DirectoryOrCreate}\n";
    assertThat(create(STUDENT, "persistentvolumes", pv("class-c-s1-pv-manual", ok))).isEmpty();
    assertThat(create(STUDENT, "persistentvolumes", pv("class-c-s1-pv", ok + "  claimRef: {namespace: class-c-s1, name: keep}\n"))).isEmpty();
    assertThat(create(STUDENT, "persistentvolumes", pv("pv-manual", ok))).hasValueSatisfying(m -> assertThat(m).contains("class-c-s1-"));
    for (String path : List.of("/", "/var/lib/kubelab/class-c-s2/x", "/var/lib/kubelab/class-c-s1", "/var/lib/kubelab/class-c-s1/",
        "/var/lib/kubelab/class-c-s1/..", "/var/lib/kubelab/class-c-s1/../class-c-s2", "/var/lib/kubelab/class-c-s1/a/b",
        "/var/lib/kubelab/class-c-s1-web/x", "/etc/../var/lib/kubelab/class-c-s1/x")) {
      assertThat(create(STUDENT, "persistentvolumes", pv("class-c-s1-pv", "  hostPath: {path: '" + path + "'}\n")))
          .as(path).hasValueSatisfying(m -> assertThat(m).contains("one directory below /var/lib/kubelab/class-c-s1/"));
    }
    assertThat(create(STUDENT, "persistentvolumes", pv("class-c-s1-pv", "  nfs: {server: 10.0.0.1, path: /}\n"))).isPresent();
    // hostPath with a second source as well: the API server's own validation refuses more than one
    assertThat(create(STUDENT, "persistentvolumes", pv("class-c-s1-pv", ok + "  claimRef: {namespace: class-c-s2, name: data}\n")))
        .hasValueSatisfying(m -> assertThat(m).contains("claim in class-c-s1"));
  }

  static Optional<String> relabel(Map<String, String> labels, Map<String, String> annotations) {
    Map<String, Object> old = namespace(Map.of("kubelab.dev/class", "c", "kubelab.dev/student", "s1",
        "pod-security.kubernetes.io/enforce", "baseline"), Map.of("kubelab.dev/student-id", "s1"));
    return AdmissionPolicies.deny(CLUSTER, new Request(STUDENT, "UPDATE", "", "namespaces", "class-c-s1", "class-c-s1",
        namespace(labels, annotations), old));
  }

  static Map<String, Object> namespace(Map<String, String> labels, Map<String, String> annotations) {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("name", "class-c-s1");
    meta.put("labels", labels);
    meta.put("annotations", annotations);
    return Map.of("apiVersion", "v1", "kind", "Namespace", "metadata", meta);
  }

  @Test
  void onTheirNamespaceAStudentMayChangeOnlyPodSecurityAndNeverBelowBaseline() {
    Map<String, String> notes = Map.of("kubelab.dev/student-id", "s1");
    assertThat(relabel(Map.of("kubelab.dev/class", "c", "kubelab.dev/student", "s1", "pod-security.kubernetes.io/enforce", "restricted",
        "pod-security.kubernetes.io/warn", "restricted"), notes)).isEmpty();
    assertThat(relabel(Map.of("kubelab.dev/class", "c", "kubelab.dev/student", "s1", "pod-security.kubernetes.io/enforce", "restricted"),
        Map.of("kubelab.dev/student-id", "s1", "kubectl.kubernetes.io/last-applied-configuration", "{}"))).as("kubectl apply").isEmpty();
    assertThat(relabel(Map.of("kubelab.dev/class", "c", "kubelab.dev/student", "s1", "pod-security.kubernetes.io/enforce", "privileged"), notes))
        .hasValueSatisfying(m -> assertThat(m).contains("baseline or restricted"));
    assertThat(relabel(Map.of("kubelab.dev/class", "c", "kubelab.dev/student", "s1"), notes)).as("no enforce label").isPresent();
    assertThat(relabel(Map.of("kubelab.dev/class", "c", "kubelab.dev/student", "s1", "pod-security.kubernetes.io/enforce", "baseline",
        "pod-security.kubernetes.io/enforce-version", "v1.0"), notes)).as("an old version of baseline").isPresent();
    assertThat(relabel(Map.of("kubelab.dev/class", "c", "kubelab.dev/student", "s2", "pod-security.kubernetes.io/enforce", "baseline"), notes))
        .hasValueSatisfying(m -> assertThat(m).contains("only the pod-security.kubernetes.io labels"));
    assertThat(relabel(Map.of("kubelab.dev/student", "s1", "pod-security.kubernetes.io/enforce", "baseline"), notes)).as("class label removed").isPresent();
    assertThat(relabel(Map.of("kubelab.dev/class", "c", "kubelab.dev/student", "s1", "pod-security.kubernetes.io/enforce", "baseline",
        "team", "a"), notes)).as("a label added").isPresent();
    assertThat(relabel(Map.of("kubelab.dev/class", "c", "kubelab.dev/student", "s1", "pod-security.kubernetes.io/enforce", "baseline"),
        Map.of("kubelab.dev/student-id", "s2"))).hasValueSatisfying(m -> assertThat(m).contains("annotations"));
  }

  @Test
  void theObjectsTheClassPutIntoAStudentsNamespaceAreTheInstructorsAlone() {
    Map<String, Object> classPolicy = yaml("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: kubelab-class-isolation\n"
        + "  namespace: class-c-s1\n  labels: {kubelab.dev/class: c}\nspec: {podSelector: {}}\n");
    Map<String, Object> own = yaml("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\n  namespace: class-c-s1\n"
        + "spec: {podSelector: {}}\n");
    assertThat(AdmissionPolicies.deny(OBJECTS, new Request(STUDENT, "DELETE", "networking.k8s.io", "networkpolicies", "class-c-s1",
        "kubelab-class-isolation", null, classPolicy))).hasValueSatisfying(m -> assertThat(m).contains("kubelab-class-isolation", "instructor"));
    assertThat(AdmissionPolicies.deny(OBJECTS, new Request(STUDENT, "UPDATE", "networking.k8s.io", "networkpolicies", "class-c-s1",
        "kubelab-class-isolation", own, classPolicy))).isPresent();
    assertThat(AdmissionPolicies.deny(OBJECTS, new Request(STUDENT, "DELETE", "networking.k8s.io", "networkpolicies", "class-c-s1",
        "deny", null, own))).isEmpty();
    assertThat(AdmissionPolicies.deny(OBJECTS, new Request("admin", "DELETE", "networking.k8s.io", "networkpolicies", "class-c-s1",
        "kubelab-class-isolation", null, classPolicy))).isEmpty();
  }

  static Map<String, Object> record(String solutions) {
    return yaml("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: kubelab-setup\n  namespace: class-c-s1\n"
        + "  labels: {app.kubernetes.io/managed-by: kubelab}\ndata:\n  compute.workloads: '{\"Deployment/x/web\":\"u1\"}'\n"
        + (solutions == null ? "" : "  compute.workloads.solutions: '" + solutions + "'\n"));
  }

  static Optional<String> recordChange(String operation, Map<String, Object> now, Map<String, Object> before) {
    return AdmissionPolicies.deny(OBJECTS, new Request(STUDENT, operation, "", "configmaps", "class-c-s1", "kubelab-setup", now, before));
  }

  @Test
  void theSolutionsAStudentUsedStayInTheirRecord() {
    Map<String, Object> viewed = record("{\"pods\":\"viewed\",\"qos\":\"applied\"}");
    assertThat(recordChange("UPDATE", record("{\"pods\":\"viewed\",\"qos\":\"applied\",\"limits\":\"viewed\"}"), viewed))
        .as("a new mark").isEmpty();
    assertThat(recordChange("UPDATE", record("{\"pods\":\"applied\",\"qos\":\"applied\"}"), viewed)).as("viewed, then applied").isEmpty();
    assertThat(recordChange("UPDATE", record("{\"pods\":\"viewed\",\"qos\":\"applied\"}"), record(null))).as("the first mark").isEmpty();
    for (String tampered : List.of("{\"qos\":\"applied\"}", "{\"pods\":\"viewed\",\"qos\":\"viewed\"}", "{}")) {
      assertThat(recordChange("UPDATE", record(tampered), viewed)).as(tampered)
          .hasValueSatisfying(m -> assertThat(m).contains("cannot be removed"));
    }
    assertThat(recordChange("UPDATE", record(null), viewed)).as("the whole key dropped").isPresent();
    assertThat(recordChange("DELETE", null, viewed)).as("the record deleted").isPresent();
    Map<String, Object> other = yaml("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: class-c-s1}\ndata: {a: b}\n");
    assertThat(AdmissionPolicies.deny(OBJECTS, new Request(STUDENT, "DELETE", "", "configmaps", "class-c-s1", "settings", null, other)))
        .as("the student's own ConfigMaps are theirs").isEmpty();
    assertThat(AdmissionPolicies.deny(OBJECTS, new Request("admin", "DELETE", "", "configmaps", "class-c-s1", "kubelab-setup", null, viewed)))
        .as("the instructor is not bound").isEmpty();
  }

  static String pvc(String spec) {
    return "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: data, namespace: class-c-s1}\nspec:\n"
        + "  accessModes: [ReadWriteOnce]\n  resources: {requests: {storage: 1Gi}}\n" + spec;
  }

  @Test
  void aStudentsClaimBindsOnlyTheirOwnVolumes() {
    assertThat(create(STUDENT, "persistentvolumeclaims", pvc(""))).as("the default class provisions a new volume").isEmpty();
    assertThat(create(STUDENT, "persistentvolumeclaims", pvc("  storageClassName: \"\"\n  volumeName: class-c-s1-pv-manual\n")))
        .as("a classless claim naming its own volume").isEmpty();
    assertThat(create(STUDENT, "persistentvolumeclaims", pvc("  storageClassName: class-c-s1-gold\n"))).as("their own class").isEmpty();
    assertThat(create(STUDENT, "persistentvolumeclaims", pvc("  storageClassName: local-path\n"))).isEmpty();
    assertThat(create(STUDENT, "persistentvolumeclaims", pvc("  storageClassName: \"\"\n")))
        .as("a classless claim could bind any student's classless volume").hasValueSatisfying(m ->
            assertThat(m).contains("must name its volume", "class-c-s1-"));
    assertThat(create(STUDENT, "persistentvolumeclaims", pvc("  storageClassName: \"\"\n  volumeName: class-c-s2-pv-manual\n")))
        .as("a neighbour's volume").isPresent();
    assertThat(create(STUDENT, "persistentvolumeclaims", pvc("  volumeName: pvc-0b5c\n"))).as("someone's provisioned volume").isPresent();
    assertThat(create(STUDENT, "persistentvolumeclaims", pvc("  storageClassName: class-c-s2-gold\n"))).as("a neighbour's class")
        .isPresent();
    Map<String, Object> bound = yaml(pvc("  volumeName: pvc-0b5c\n"));
    Map<String, Object> unbound = yaml(pvc("  storageClassName: class-c-s1-gold\n"));
    assertThat(AdmissionPolicies.deny(CLUSTER, new Request(STUDENT, "UPDATE", "", "persistentvolumeclaims", "class-c-s1", "data",
        bound, bound))).as("their bound claim, resized or relabelled").isEmpty();
    Map<String, Object> grab = yaml(pvc("  storageClassName: class-c-s1-gold\n  volumeName: class-c-s2-pv-manual\n"));
    assertThat(AdmissionPolicies.deny(CLUSTER, new Request(STUDENT, "UPDATE", "", "persistentvolumeclaims", "class-c-s1", "data",
        grab, unbound))).as("naming a neighbour's volume later").isPresent();
    assertThat(create("admin", "persistentvolumeclaims", pvc("  storageClassName: \"\"\n"))).as("the instructor is not bound").isEmpty();
  }

  static String clusterRole(String name, String labels, String rules) {
    return "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: " + name + "\n" + labels + rules;
  }

  static final String READ_PODS = "rules:\n  - {apiGroups: [\"\"], resources: [pods, pods/log], verbs: [get, list, watch]}\n"
      + "  - {apiGroups: [apps], resources: [deployments], verbs: [get, list, watch]}\n";

  @Test
  void aStudentsClusterRoleOnlyReadsWhatItNamesAndNeverAggregates() {
    assertThat(create(STUDENT, "clusterroles", clusterRole("class-c-s1-auditor", "", READ_PODS))).isEmpty();
    assertThat(create(STUDENT, "clusterroles", clusterRole("class-c-s1-auditor",
        "  labels: {app.kubernetes.io/managed-by: kubelab, kubelab.dev/placement: class-c-s1}\n", READ_PODS)))
        .as("the labels kubelab's own apply adds").isEmpty();
    assertThat(create(STUDENT, "clusterroles", clusterRole("auditor", "", READ_PODS))).hasValueSatisfying(m ->
        assertThat(m).contains("must start with class-c-s1-", "ClusterRoles"));
    assertThat(create(STUDENT, "clusterroles", clusterRole("class-c-s1-auditor",
        "  labels: {rbac.authorization.k8s.io/aggregate-to-admin: \"true\"}\n", READ_PODS)))
        .as("aggregated into admin, its rules would reach every namespace").hasValueSatisfying(m -> assertThat(m).contains("aggregate-to-admin"));
    assertThat(create(STUDENT, "clusterroles", clusterRole("class-c-s1-auditor", "",
        "aggregationRule:\n  clusterRoleSelectors: [{matchLabels: {rbac.authorization.k8s.io/aggregate-to-view: \"true\"}}]\nrules: []\n")))
        .hasValueSatisfying(m -> assertThat(m).contains("aggregationRule"));
    for (String rules : List.of(
        "rules: [{apiGroups: [\"\"], resources: [pods], verbs: [get, delete]}]\n",
        "rules: [{apiGroups: [\"\"], resources: [pods], verbs: [\"*\"]}]\n",
        "rules: [{apiGroups: [\"\"], resources: [\"*\"], verbs: [get]}]\n",
        "rules: [{apiGroups: [\"\"], resources: [\"pods/*\"], verbs: [get]}]\n",
        "rules: [{apiGroups: [\"*\"], resources: [pods], verbs: [get]}]\n",
        "rules: [{apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [escalate]}]\n",
        "rules: [{nonResourceURLs: [/metrics], verbs: [get]}]\n",
        READ_PODS + "  - {apiGroups: [\"\"], resources: [secrets], verbs: [get, update]}\n")) {
      assertThat(create(STUDENT, "clusterroles", clusterRole("class-c-s1-auditor", "", rules))).as(rules)
          .hasValueSatisfying(m -> assertThat(m).contains("may only read"));
    }
    Map<String, Object> old = yaml(clusterRole("class-c-s1-auditor", "", READ_PODS));
    Map<String, Object> widened = yaml(clusterRole("class-c-s1-auditor", "", "rules: [{apiGroups: [\"\"], resources: [pods], verbs: [\"*\"]}]\n"));
    assertThat(AdmissionPolicies.deny(CLUSTER, new Request(STUDENT, "UPDATE", "rbac.authorization.k8s.io", "clusterroles", null,
        "class-c-s1-auditor", widened, old))).as("widening a bound ClusterRole later (escalate) is refused as well").isPresent();
    assertThat(create("admin", "clusterroles", clusterRole("auditor", "", "rules: [{apiGroups: [\"*\"], resources: [\"*\"], verbs: [\"*\"]}]\n")))
        .as("the instructor is not bound").isEmpty();
  }

  @Test
  void aStudentMayCreateClusterRolesButNeverBindOrChangeOnesNotTheirs() {
    Student s = new Student("s1", "Ada", null);
    ClusterRole role = ClassPolicy.studentRole("c", s, Set.of("ClusterRole"), Map.of("ClusterRole", Set.of("class-c-s1-auditor")),
        List.of("class-c-s1"));
    for (PolicyRule r : role.getRules()) {
      assertThat(r.getResources()).containsExactly("clusterroles");
      assertThat(r.getVerbs()).doesNotContain("bind", "impersonate", "*");
      boolean unnamed = r.getResourceNames() == null || r.getResourceNames().isEmpty();
      if (unnamed) assertThat(r.getVerbs()).as("only create and escalate are unnamed: %s", r).containsExactlyInAnyOrder("create", "escalate");
      if (r.getVerbs().contains("update")) assertThat(r.getResourceNames()).containsExactly("class-c-s1-auditor");
      if (r.getVerbs().equals(List.of("get"))) assertThat(r.getResourceNames()).doesNotContain("class-c-s2-auditor");
    }
  }

  @Test
  void aStudentsClusterRoleNamesEveryObjectItMayChangeAndNeverGrantsRbacItself() {
    Student s = new Student("s1", "Ada", null);
    ClusterRole role = ClassPolicy.studentRole("c", s, Set.of("StorageClass", "PersistentVolume", "Namespace"),
        Map.of("StorageClass", Set.of("class-c-s1-gold"), "PersistentVolume", Set.of("class-c-s1-pv-keep")), List.of("class-c-s1", "class-c-s1-web"));
    for (PolicyRule r : role.getRules()) {
      assertThat(r.getResources()).doesNotContain("clusterroles", "clusterrolebindings", "roles", "rolebindings", "*");
      assertThat(r.getVerbs()).doesNotContain("escalate", "bind", "impersonate", "*");
      boolean writes = r.getVerbs().stream().anyMatch(v -> Set.of("update", "patch", "delete").contains(v));
      if (writes) assertThat(r.getResourceNames()).as("a rule that changes objects names them: %s", r).isNotEmpty();
    }
    ClusterRole none = ClassPolicy.studentRole("c", s, Set.of("PersistentVolume"), Map.of(), List.of("class-c-s1"));
    assertThat(none.getRules()).as("no names, no rule that could change every PersistentVolume")
        .allSatisfy(r -> assertThat(r.getVerbs()).containsExactly("create"));
  }
}
