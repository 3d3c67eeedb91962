package dev.kubelab.labs.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The TeamSpace operator on fabric8's mock API server: the informers wake it, so the waits below
 * prove the loop runs by itself, not because a test called it. The mock has no garbage collector:
 * a deleted TeamSpace's children stay here, where a real cluster deletes them through their
 * ownerReferences (asserted below as what the collector reads).
 */
@EnableKubernetesMockClient(crud = true)
class TeamSpaceOperatorTest {
  static KubernetesClient client;
  static int n;
  final TeamSpaceOperator operator = new TeamSpaceOperator();
  String ns;
  Operator.Run run;

  @AfterEach
  void stop() {
    if (run != null) run.close();
  }

  Operator.Run started() {
    ns = "ts-" + (++n);
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
    operator.install(client, ns, Duration.ZERO);
    run = operator.run(client, ns);
    return run;
  }

  GenericKubernetesResource teamSpace(String name, String group, Object cpu, String memory, int pods) {
    GenericKubernetesResource cr = new GenericKubernetesResource();
    cr.setApiVersion(TeamSpaceOperator.group(ns) + "/v1");
    cr.setKind("TeamSpace");
    cr.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name).withNamespace(ns).build());
    cr.setAdditionalProperty("spec", Map.of("group", group, "quota", Map.of("cpu", cpu, "memory", memory, "pods", pods)));
    return cr;
  }

  io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<GenericKubernetesResource, io.fabric8.kubernetes.api.model.GenericKubernetesResourceList, io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource>> teamSpaces() {
    return client.genericKubernetesResources(TeamSpaceOperator.context(ns)).inNamespace(ns);
  }

  ResourceQuota quota(String name) {
    return client.resourceQuotas().inNamespace(ns).withName(name).get();
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> status(String name) {
    Object s = teamSpaces().withName(name).get().getAdditionalProperties().get("status");
    return s == null ? Map.of() : (Map<String, Object>) s;
  }

  @Test
  void theCrdIsTheLabNamespacesOwnAndTheModelNamesIt() {
    started();
    assertThat(client.apiextensions().v1().customResourceDefinitions().withName("teamspaces." + ns + ".kubelab.dev").get()).isNotNull();
    assertThat(operator.model(ns)).containsEntry("apiVersion", ns + ".kubelab.dev/v1").containsEntry("crd", "teamspaces." + ns + ".kubelab.dev");
    operator.uninstall(client, ns);
    assertThat(client.apiextensions().v1().customResourceDefinitions().withName("teamspaces." + ns + ".kubelab.dev").get()).isNull();
  }

  @Test
  void aNewTeamSpaceGetsItsOwnedChildrenAndAReadyStatus() {
    started();
    teamSpaces().resource(teamSpace("payments", "payments-devs", "2", "4Gi", 10)).create();
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      ResourceQuota q = quota("payments");
      assertThat(q).isNotNull();
      assertThat(q.getSpec().getHard()).containsEntry("requests.cpu", new Quantity("2")).containsEntry("requests.memory", new Quantity("4Gi"))
          .containsEntry("pods", new Quantity("10"));
      RoleBinding rb = client.rbac().roleBindings().inNamespace(ns).withName("payments-edit").get();
      assertThat(rb).isNotNull();
      assertThat(rb.getSubjects()).singleElement().satisfies(s -> assertThat(s.getName()).isEqualTo("payments-devs"));
      assertThat(rb.getRoleRef().getName()).isEqualTo("edit");
      assertThat(client.network().v1().networkPolicies().inNamespace(ns).withName("payments-default-deny").get().getSpec().getPolicyTypes())
          .containsExactly("Ingress");
      assertThat(status("payments")).containsKey("conditions");
    });
    String uid = teamSpaces().withName("payments").get().getMetadata().getUid();
    // what the garbage collector of a real cluster reads when the TeamSpace is deleted
    assertThat(quota("payments").getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
      assertThat(o.getUid()).isEqualTo(uid);
      assertThat(o.getController()).isTrue();
    });
    assertThat(status("payments")).containsEntry("recreated", 0).containsEntry("reverted", 0);
  }

  @Test
  void aChangedSpecIsReconciledAndObservedWithoutCountingARepair() {
    started();
    teamSpaces().resource(teamSpace("payments", "payments-devs", "2", "4Gi", 10)).create();
    run.settle();
    GenericKubernetesResource cr = teamSpaces().withName("payments").get();
    cr.setAdditionalProperty("spec", Map.of("group", "payments-devs", "quota", Map.of("cpu", "4", "memory", "8Gi", "pods", 10)));
    teamSpaces().resource(cr).update();
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      assertThat(quota("payments").getSpec().getHard()).containsEntry("requests.cpu", new Quantity("4"))
          .containsEntry("requests.memory", new Quantity("8Gi"));
      GenericKubernetesResource now = teamSpaces().withName("payments").get();
      assertThat(String.valueOf(status("payments").get("observedGeneration"))).isEqualTo(String.valueOf(now.getMetadata().getGeneration()));
    });
    assertThat(teamSpaces().withName("payments").get().getMetadata().getGeneration()).isGreaterThanOrEqualTo(2);
    assertThat(status("payments")).containsEntry("recreated", 0).containsEntry("reverted", 0);
  }

  @Test
  void aDeletedChildComesBackAndAChildChangedByHandIsPutBackEachCounted() {
    started();
    teamSpaces().resource(teamSpace("payments", "payments-devs", "2", "4Gi", 10)).create();
    run.settle();
    String before = client.network().v1().networkPolicies().inNamespace(ns).withName("payments-default-deny").get().getMetadata().getUid();
    client.network().v1().networkPolicies().inNamespace(ns).withName("payments-default-deny").delete();
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      var np = client.network().v1().networkPolicies().inNamespace(ns).withName("payments-default-deny").get();
      assertThat(np).isNotNull();
      assertThat(np.getMetadata().getUid()).isNotEqualTo(before);
      assertThat(status("payments")).containsEntry("recreated", 1).containsEntry("reverted", 0);
    });
    ResourceQuota q = quota("payments");
    q.getSpec().getHard().put("requests.cpu", new Quantity("64"));
    client.resourceQuotas().inNamespace(ns).resource(q).update();
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      assertThat(quota("payments").getSpec().getHard()).containsEntry("requests.cpu", new Quantity("2"));
      assertThat(status("payments")).containsEntry("recreated", 1).containsEntry("reverted", 1);
    });
  }

  @Test
  void childrenMadeByHandWithoutATeamSpaceAreLeftAloneAndAdoptedOnceOneAsksForThem() {
    started();
    client.resourceQuotas().inNamespace(ns).resource(new io.fabric8.kubernetes.api.model.ResourceQuotaBuilder().withNewMetadata()
        .withName("payments").endMetadata().withNewSpec().addToHard("requests.cpu", new Quantity("2")).endSpec().build()).create();
    run.settle();
    assertThat(quota("payments").getMetadata().getOwnerReferences()).isNullOrEmpty();
    teamSpaces().resource(teamSpace("payments", "payments-devs", "2", "4Gi", 10)).create();
    run.settle();
    assertThat(quota("payments").getMetadata().getOwnerReferences()).singleElement()
        .satisfies(o -> assertThat(o.getKind()).isEqualTo("TeamSpace"));
    assertThat(quota("payments").getSpec().getHard()).containsKeys("requests.memory", "pods");
    assertThat(status("payments")).containsEntry("recreated", 0).containsEntry("reverted", 0);
  }

  @Test
  void aSpecTheOperatorCannotUseIsReportedInTheStatusAndChangesNothing() {
    started();
    teamSpaces().resource(teamSpace("payments", "payments-devs", "lots", "4Gi", 10)).create();
    run.settle();
    assertThat(quota("payments")).isNull();
    @SuppressWarnings("unchecked")
    Map<String, Object> ready = ((List<Map<String, Object>>) status("payments").get("conditions")).get(0);
    assertThat(ready).containsEntry("status", "False").containsEntry("reason", "InvalidSpec");
    assertThat(String.valueOf(ready.get("message"))).contains("spec.quota.cpu 'lots' is not a quantity");
  }

  @Test
  void aClosedRunReconcilesNoMore() {
    started();
    run.close();
    teamSpaces().resource(teamSpace("payments", "payments-devs", "2", "4Gi", 10)).create();
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> quota("payments") == null);
  }
}
