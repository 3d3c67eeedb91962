package dev.kubelab.labs.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelab.labs.api.CheckResult;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every built-in check kind, passing on the right state and failing on the wrong one. */
@EnableKubernetesMockClient(crud = true)
class CheckKindsTest {
  static KubernetesClient client;
  CheckHarness h;

  static final String PVC = """
      apiVersion: v1
      kind: PersistentVolumeClaim
      metadata: {name: data, labels: {app: db}}
      spec: {accessModes: [ReadWriteOnce], storageClassName: local-path, resources: {requests: {storage: 1Gi}}}
      status: {phase: %s, capacity: {storage: 2Gi}}
      """;

  static String pod(String name, String phase, boolean ready, String node) {
    return """
        apiVersion: v1
        kind: Pod
        metadata: {name: %s, labels: {app: web}}
        spec: {nodeName: %s, containers: [{name: app, image: busybox}]}
        status:
          phase: %s
          conditions: [{type: Ready, status: "%s"}]
          containerStatuses: [{name: app, ready: %s, restartCount: 0, image: busybox, imageID: "", state: {%s}}]
        ---
        """.formatted(name, node, phase, ready ? "True" : "False", ready,
        ready ? "running: {}" : "waiting: {reason: ImagePullBackOff}");
  }

  @BeforeEach
  void fresh() {
    client.pods().inAnyNamespace().delete();
    client.persistentVolumeClaims().inAnyNamespace().delete();
    client.configMaps().inAnyNamespace().delete();
    client.storage().v1().storageClasses().delete();
    h = new CheckHarness(client);
  }

  @Test
  void existsPassesWhenPresentAndFailsNamingWhatIsThere() {
    String check = "{kind: exists, resource: v1/PersistentVolumeClaim/data}";
    assertThat(h.grade(check).status()).isEqualTo(CheckResult.Status.FAILED);
    assertThat(h.grade(check).detail()).contains("PersistentVolumeClaim 'data' in namespace 't' yet").contains("did you create it");
    h.seed(PVC.formatted("Pending"));
    assertThat(h.grade(check).passed()).isTrue();
  }

  @Test
  void whatAControllerMakesIsNotSomethingTheLearnerForgotToCreate() {
    assertThat(h.grade("{kind: exists, resource: discovery.k8s.io/v1/EndpointSlice/web-x1}").detail())
        .contains("a controller makes it").doesNotContain("did you create it");
    assertThat(h.grade("{kind: exists, resource: storage.k8s.io/v1/StorageClass/fast}").detail())
        .contains("no StorageClass 'fast' yet").doesNotContain("namespace");
  }

  @Test
  void aMissingClusterScopedObjectListsOnlyThisLabsOwnNotOtherLabsOrStudents() {
    String check = "{kind: exists, resource: 'storage.k8s.io/v1/StorageClass/${ns}-gold'}";
    // the k3s default, another lab's, another student's (whose namespace starts the same), and one a lab's setup labelled as ours
    h.seed("{apiVersion: storage.k8s.io/v1, kind: StorageClass, metadata: {name: local-path}, provisioner: x}");
    h.seed("{apiVersion: storage.k8s.io/v1, kind: StorageClass, metadata: {name: kl-storage-other-gold}, provisioner: x}");
    h.seed("{apiVersion: storage.k8s.io/v1, kind: StorageClass, metadata: {name: tt-gold}, provisioner: x}");
    String none = h.grade(check).detail();
    assertThat(none).contains("no StorageClass 't-gold' yet", "none of this lab's StorageClasses", "did you create it")
        .doesNotContain("local-path").doesNotContain("kl-storage-other-gold").doesNotContain("tt-gold").doesNotContain("there ");
    h.seed("{apiVersion: storage.k8s.io/v1, kind: StorageClass, metadata: {name: t-golden}, provisioner: x}");
    h.seed("{apiVersion: storage.k8s.io/v1, kind: StorageClass, metadata: {name: fast, labels: {kubelab.dev/placement: t}}, provisioner: x}");
    h.seed("{apiVersion: storage.k8s.io/v1, kind: StorageClass, metadata: {name: slow, labels: {kubelab.dev/placement: tt}}, provisioner: x}");
    assertThat(h.grade(check).detail()).contains("(this lab's: fast, t-golden)")
        .doesNotContain("local-path").doesNotContain("other-gold").doesNotContain("tt-gold").doesNotContain("slow");
  }

  @Test
  void aMissingNamespacedObjectListsWhatIsInTheLabsNamespace() {
    h.seed("{apiVersion: v1, kind: ConfigMap, metadata: {name: settings}, data: {a: b}}");
    assertThat(h.grade("{kind: exists, resource: v1/ConfigMap/setings}").detail())
        .contains("no ConfigMap 'setings' in namespace 't' yet (there is: settings)");
  }

  @Test
  void existsBySelectorAndInAnotherLogicalNamespace() {
    h.seed(PVC.formatted("Bound"));
    assertThat(h.grade("{kind: exists, resource: {kind: PersistentVolumeClaim, selector: app=db}}").passed()).isTrue();
    assertThat(h.grade("{kind: exists, resource: {kind: PersistentVolumeClaim, selector: app=web}}").passed()).isFalse();
    assertThat(h.grade("{kind: exists, resource: {kind: PersistentVolumeClaim, name: data, namespace: other}}").passed()).isFalse();
  }

  @Test
  void absentIsTheInverse() {
    String check = "{kind: absent, resource: v1/PersistentVolumeClaim/data}";
    assertThat(h.grade(check).passed()).isTrue();
    h.seed(PVC.formatted("Bound"));
    CheckResult r = h.grade(check);
    assertThat(r.passed()).isFalse();
    assertThat(r.detail()).contains("expected no PersistentVolumeClaim 'data'").contains("in namespace 't'");
  }

  @Test
  void fieldEqualsSaysWhatItFound() {
    h.seed(PVC.formatted("Pending"));
    String check = "{kind: field, resource: v1/PersistentVolumeClaim/data, path: .status.phase, equals: Bound}";
    CheckResult r = h.grade(check);
    assertThat(r.passed()).isFalse();
    assertThat(r.detail()).contains("expected 'Bound', found 'Pending'");
    h.seed(PVC.formatted("Bound"));
    assertThat(h.grade(check).passed()).isTrue();
  }

  @Test
  void fieldComparesQuantitiesAndMatchesRegexAndFilters() {
    h.seed(PVC.formatted("Bound"));
    assertThat(h.grade("{kind: field, resource: v1/PersistentVolumeClaim/data, path: .status.capacity.storage, gte: 1Gi}").passed()).isTrue();
    assertThat(h.grade("{kind: field, resource: v1/PersistentVolumeClaim/data, path: .status.capacity.storage, gt: 5Gi}").passed()).isFalse();
    // a size written another way is the same size; a different amount or a plain number is not
    assertThat(h.grade("{kind: field, resource: v1/PersistentVolumeClaim/data, path: .spec.resources.requests.storage, equals: 1024Mi}").passed()).isTrue();
    assertThat(h.grade("{kind: field, resource: v1/PersistentVolumeClaim/data, path: .spec.resources.requests.storage, equals: 1G}").passed()).isFalse();
    assertThat(h.grade("{kind: field, resource: v1/PersistentVolumeClaim/data, path: .spec.resources.requests.storage, notEquals: 1048576Ki}").passed()).isFalse();
    h.seed("""
        apiVersion: v1
        kind: ResourceQuota
        metadata: {name: pool}
        spec: {hard: {requests.cpu: 2000m, pods: "10"}}
        """);
    assertThat(h.grade("{kind: field, resource: v1/ResourceQuota/pool, path: \".spec.hard['requests.cpu']\", equals: \"2\"}").passed()).isTrue();
    assertThat(h.grade("{kind: field, resource: v1/ResourceQuota/pool, path: \".spec.hard['requests.cpu']\", equals: \"3\"}").passed()).isFalse();
    assertThat(h.grade("{kind: field, resource: v1/ResourceQuota/pool, path: .spec.hard.pods, equals: \"10.0\"}").passed()).isFalse();
    assertThat(h.grade("{kind: field, resource: v1/PersistentVolumeClaim/data, path: .spec.storageClassName, matches: '^local-'}").passed()).isTrue();
    assertThat(h.grade("{kind: field, resource: v1/PersistentVolumeClaim/data, path: .spec.accessModes, contains: ReadWriteOnce}").passed()).isTrue();
    assertThat(h.grade("{kind: field, resource: v1/PersistentVolumeClaim/data, path: .spec.accessModes, contains: ReadWriteMany}").passed()).isFalse();
    assertThat(h.grade("{kind: field, resource: v1/PersistentVolumeClaim/data, path: .spec.volumeName, present: false}").passed()).isTrue();
    h.seed(pod("web-1", "Running", true, "node-1"));
    assertThat(h.grade("{kind: field, resource: v1/Pod/web-1, path: \".spec.containers[?(@.name=='app')].image\", equals: busybox}").passed()).isTrue();
    assertThat(h.grade("{kind: field, resource: v1/Pod/web-1, path: \".spec.containers[?(@.name=='app')].image\", equals: nginx}").passed()).isFalse();
  }

  @Test
  void fieldEqualsAcceptsAQuantityWrittenAnotherWay() {
    h.seed(PVC.formatted("Bound"));
    String check = "{kind: field, resource: v1/PersistentVolumeClaim/data, path: .spec.resources.requests.storage, equals: %s}";
    assertThat(h.grade(check.formatted("1024Mi")).passed()).isTrue();
    assertThat(h.grade(check.formatted("'1073741824'")).passed()).isTrue();
    assertThat(h.grade(check.formatted("1G")).passed()).as("1G is 10^9 bytes, not 1Gi").isFalse();
    assertThat(h.grade(check.formatted("2Gi")).passed()).isFalse();
    h.seed(pod("web-1", "Running", true, "node-1"));
    assertThat(h.grade("{kind: field, resource: v1/Pod/web-1, path: .spec.nodeName, equals: node-1}").passed()).isTrue();
    assertThat(h.grade("{kind: field, resource: v1/Pod/web-1, path: .status.phase, equals: '1e0'}").passed()).isFalse();
  }

  @Test
  void fieldOnAMissingObjectFailsWithoutError() {
    CheckResult r = h.grade("{kind: field, resource: v1/PersistentVolumeClaim/data, path: .status.phase, equals: Bound}");
    assertThat(r.status()).isEqualTo(CheckResult.Status.FAILED);
    assertThat(r.detail()).contains("no PersistentVolumeClaim 'data'");
  }

  @Test
  void countByMinMaxAndEquals() {
    h.seed(pod("a", "Running", true, "n1") + pod("b", "Running", true, "n1"));
    assertThat(h.grade("{kind: count, resource: {kind: Pod, selector: app=web}, equals: 2}").passed()).isTrue();
    CheckResult r = h.grade("{kind: count, resource: {kind: Pod, selector: app=web}, min: 3}");
    assertThat(r.passed()).isFalse();
    assertThat(r.detail()).isEqualTo("expected at least 3 Pods with app=web, found 2");
    assertThat(h.grade("{kind: count, resource: {kind: Pod, selector: app=web}, max: 1}").passed()).isFalse();
  }

  @Test
  void conditionReadsStatusConditions() {
    h.seed(pod("a", "Running", false, "n1"));
    CheckResult r = h.grade("{kind: condition, resource: v1/Pod/a, type: Ready}");
    assertThat(r.passed()).isFalse();
    assertThat(r.detail()).contains("expected Pod 'a' to be Ready=True, found Ready=False");
    h.seed(pod("a", "Running", true, "n1"));
    assertThat(h.grade("{kind: condition, resource: v1/Pod/a, type: Ready}").passed()).isTrue();
    assertThat(h.grade("{kind: condition, resource: v1/Pod/a, type: Initialized}").detail()).contains("has no Initialized condition");
  }

  @Test
  void podsReadyCountsReadyPodsAndExplainsTheOthers() {
    h.seed(pod("a", "Running", true, "n1") + pod("b", "Pending", false, "n1"));
    CheckResult r = h.grade("{kind: pods-ready, selector: app=web, min: 2}");
    assertThat(r.passed()).isFalse();
    assertThat(r.detail()).contains("expected 2 ready pods with app=web, found 1").contains("pod b is ImagePullBackOff");
    assertThat(h.grade("{kind: pods-ready, selector: app=web, min: 1}").passed()).isTrue();
  }

  @Test
  void podsReadyOnDistinctNodes() {
    h.seed(pod("a", "Running", true, "n1") + pod("b", "Running", true, "n1"));
    String check = "{kind: pods-ready, selector: app=web, min: 2, distinctNodes: true}";
    assertThat(h.grade(check).passed()).isFalse();
    h.seed(pod("b", "Running", true, "n2"));
    assertThat(h.grade(check).passed()).isTrue();
  }

  @Test
  void execSkipsOnTheMockAndFailsWithoutAReadyPodOnARealCluster() {
    String check = "{kind: exec, pod: a, command: [cat, /data/x], equals: hello}";
    CheckResult r = h.grade(check);
    assertThat(r.status()).isEqualTo(CheckResult.Status.SKIPPED);
    assertThat(r.passed()).isFalse();
    h.seed(pod("a", "Pending", false, "n1"));
    CheckResult real = h.realCluster().grade(check);
    assertThat(real.status()).isEqualTo(CheckResult.Status.FAILED);
    assertThat(real.detail()).contains("expected a running, ready Pod 'a'").contains("ImagePullBackOff");
  }

  @Test
  void answerAgainstALiteral() {
    String check = "{kind: answer, question: 'Which?', equals: WaitForFirstConsumer}";
    assertThat(h.grade(check).detail()).contains("no answer yet");
    assertThat(h.answer("Immediate").grade(check).passed()).isFalse();
    assertThat(h.answer(" waitforfirstconsumer ").grade(check).passed()).isTrue();
    String status = "{kind: answer, question: 'STATUS?', equals: 'Ready,SchedulingDisabled'}";
    assertThat(h.answer("Ready, SchedulingDisabled").grade(status).passed()).isTrue();
    assertThat(h.answer("SchedulingDisabled").grade(status).passed()).isFalse();
  }

  @Test
  void answerAgainstAValueReadLive() {
    h.seed(PVC.formatted("Bound"));
    String check = "{kind: answer, question: 'Which class?', from: {resource: v1/PersistentVolumeClaim/data, path: .spec.storageClassName}}";
    assertThat(h.answer("standard").grade(check).passed()).isFalse();
    assertThat(h.answer("local-path").grade(check).passed()).isTrue();
  }

  @Test
  void answerAgainstAValueFilteredFromAList() {
    h.seed("{apiVersion: storage.k8s.io/v1, kind: StorageClass, metadata: {name: slow}, provisioner: x}");
    h.seed("{apiVersion: storage.k8s.io/v1, kind: StorageClass, metadata: {name: fast, annotations: {storageclass.kubernetes.io/is-default-class: 'true'}}, provisioner: x}");
    String check = "{kind: answer, question: 'Default?', from: {resource: storage.k8s.io/v1/StorageClass,"
        + " path: \"$.items[?(@.metadata.annotations['storageclass.kubernetes.io/is-default-class']=='true')].metadata.name\"}}";
    assertThat(h.answer("slow").grade(check).passed()).isFalse();
    assertThat(h.answer("fast").grade(check).passed()).isTrue();
    // two defaults (two events with a reason): either value is right, nothing else is
    h.seed("{apiVersion: storage.k8s.io/v1, kind: StorageClass, metadata: {name: other, annotations: {storageclass.kubernetes.io/is-default-class: 'true'}}, provisioner: x}");
    assertThat(h.answer("other").grade(check).passed()).isTrue();
    assertThat(h.answer("fast").grade(check).passed()).isTrue();
    assertThat(h.answer("slow").grade(check).passed()).isFalse();
  }

  @Test
  void choiceNeedsExactlyTheRightOptions() {
    String check = "{kind: choice, question: Q, options: [a, b, c], correct: [1, 3]}";
    assertThat(h.answer("1").grade(check).passed()).isFalse();
    assertThat(h.answer("4").grade(check).detail()).contains("not an option");
    assertThat(h.answer("3, 1").grade(check).passed()).isTrue();
  }

  @Test
  void unchangedCatchesDeleteAndRecreate() {
    h.seed(PVC.formatted("Bound"));
    String uid = client.persistentVolumeClaims().inNamespace("t").withName("data").get().getMetadata().getUid();
    String check = "{kind: unchanged, resource: v1/PersistentVolumeClaim/data}";
    assertThat(h.uid("PersistentVolumeClaim/t/data", uid).grade(check).passed()).isTrue();
    client.persistentVolumeClaims().inNamespace("t").withName("data").delete();
    h.seed(PVC.formatted("Bound"));
    CheckResult r = h.grade(check);
    assertThat(r.passed()).isFalse();
    assertThat(r.detail()).contains("deleted and recreated");
  }

  @Test
  void customCheckClassIsLoadedAndConfigured() {
    String check = "{kind: custom, class: dev.kubelab.labs.check.StorageClassCountCheck, atLeast: 1}";
    assertThat(h.grade(check).passed()).isFalse();
    h.seed("{apiVersion: storage.k8s.io/v1, kind: StorageClass, metadata: {name: fast}, provisioner: x}");
    assertThat(h.grade(check).passed()).isTrue();
  }

  @Test
  void badFieldsMakeABrokenCheckNotAPass() {
    CheckResult r = h.grade("{kind: field, resource: v1/PersistentVolumeClaim/data, path: .status.phase, equal: Bound}");
    assertThat(r.passed()).isFalse();
    assertThat(r.detail()).contains("broken in the content");
  }

  @Test
  void selectorChecksOnClusterScopedKindsIgnoreTheNamespace() {
    h.seed("{apiVersion: storage.k8s.io/v1, kind: StorageClass, metadata: {name: t-retain}, provisioner: rancher.io/local-path, reclaimPolicy: Retain}");
    assertThat(h.grade("{kind: field, resource: 'storage.k8s.io/v1/StorageClass/${ns}-retain', path: .reclaimPolicy, equals: Retain}").passed()).isTrue();
  }
}
