package dev.kubelab.labs.classroom;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@EnableKubernetesMockClient(crud = true)
class ClassroomTest {
  static KubernetesClient client;
  static KubernetesMockServer server;

  @TempDir
  Path tmp;

  static final Roster TWO = Roster.parse("r.csv", "id,name,email\ns1,Ada,ada@example.org\ns2,Bob\n");

  @BeforeEach
  void script() {
    MockClassroom.tokens(server, "class-c1-s1", "class-c1-s2", "class-c5-s1", "class-c5-s2", "class-c2-s1");
  }

  @Test
  void everyStudentGetsALabelledNamespaceAccountAdminBindingQuotaLimitsAndPolicy() {
    Classroom c = new Classroom(client, "c5");
    Classroom.CreateReport report = c.create(TWO, StudentLimits.DEFAULTS, 7, tmp, m -> {});
    assertThat(report.students()).extracting(Classroom.Created::namespace).containsExactly("class-c5-s1", "class-c5-s2");
    assertThat(report.students()).allMatch(Classroom.Created::isNew);
    Namespace ns = client.namespaces().withName("class-c5-s1").get();
    assertThat(ns.getMetadata().getLabels()).containsEntry("kubelab.dev/class", "c5").containsEntry("kubelab.dev/student", "s1")
        .containsEntry("pod-security.kubernetes.io/enforce", "baseline");
    assertThat(ns.getMetadata().getAnnotations()).containsEntry("kubelab.dev/student-name", "Ada")
        .containsEntry("kubelab.dev/student-email", "ada@example.org");
    assertThat(client.serviceAccounts().inNamespace("class-c5-s1").withName("student").get()).isNotNull();
    RoleBinding rb = client.rbac().roleBindings().inNamespace("class-c5-s1").withName(StudentObjects.ROLE_BINDING).get();
    assertThat(rb.getRoleRef().getKind()).isEqualTo("ClusterRole");
    assertThat(rb.getRoleRef().getName()).isEqualTo("admin");
    assertThat(rb.getSubjects()).singleElement().satisfies(s -> {
      assertThat(s.getKind()).isEqualTo("ServiceAccount");
      assertThat(s.getNamespace()).isEqualTo("class-c5-s1");
    });
    // the Gateway API's kinds are CRDs that the admin ClusterRole does not cover: a Role of their own, bound the same way
    var gatewayRole = client.rbac().roles().inNamespace("class-c5-s1").withName(StudentObjects.GATEWAY_API_ROLE).get();
    assertThat(gatewayRole.getRules()).singleElement().satisfies(r -> {
      assertThat(r.getApiGroups()).containsExactly("gateway.networking.k8s.io");
      assertThat(r.getResources()).contains("gateways", "httproutes").doesNotContain("gatewayclasses");
      assertThat(r.getVerbs()).contains("create", "patch", "delete").doesNotContain("*", "escalate", "bind");
    });
    RoleBinding gatewayBinding = client.rbac().roleBindings().inNamespace("class-c5-s1").withName(StudentObjects.GATEWAY_API_ROLE).get();
    assertThat(gatewayBinding.getRoleRef().getKind()).isEqualTo("Role");
    assertThat(gatewayBinding.getSubjects()).singleElement().satisfies(s -> assertThat(s.getName()).isEqualTo("student"));
    assertThat(client.resourceQuotas().inNamespace("class-c5-s1").withName(StudentObjects.QUOTA).get().getSpec().getHard())
        .containsKeys("requests.cpu", "limits.memory", "pods", "services.nodeports");
    assertThat(client.limitRanges().inNamespace("class-c5-s1").withName(StudentObjects.LIMITS).get()).isNotNull();
    NetworkPolicy np = client.network().v1().networkPolicies().inNamespace("class-c5-s1").withName(StudentObjects.NETWORK_POLICY).get();
    assertThat(np.getSpec().getIngress().get(0).getFrom()).as("the same namespace, and namespaces outside any class: nothing of"
        + " another student's, and not the student's own other namespaces, whose traffic labs fence with policies of their own").hasSize(2);
    assertThat(np.getSpec().getIngress().get(0).getFrom().get(0).getPodSelector()).isNotNull();
    assertThat(np.getSpec().getIngress().get(0).getFrom().get(0).getNamespaceSelector()).isNull();
    assertThat(np.getSpec().getIngress().get(0).getFrom().get(1).getNamespaceSelector().getMatchExpressions().get(0).getOperator())
        .isEqualTo("DoesNotExist");
    assertThat(c.students()).extracting(ClassStudent::id, ClassStudent::name).containsExactly(
        org.assertj.core.groups.Tuple.tuple("s1", "Ada"), org.assertj.core.groups.Tuple.tuple("s2", "Bob"));
  }

  @Test
  void theKubeconfigParsesBackWithServerCaTokenAndNamespace() throws Exception {
    new Classroom(client, "c1").create(TWO, StudentLimits.DEFAULTS, 7, tmp, m -> {});
    Path file = tmp.resolve("s1.yaml");
    Config cfg = Config.fromKubeconfig(null, file.toFile());
    assertThat(cfg.getMasterUrl()).startsWith(client.getConfiguration().getMasterUrl().replaceAll("/+$", ""));
    assertThat(cfg.getAutoOAuthToken()).isEqualTo(MockClassroom.token("class-c1-s1"));
    assertThat(cfg.getNamespace()).isEqualTo("class-c1-s1");
    assertThat(cfg.getCurrentContext().getName()).isEqualTo("kubelab-class-c1");
    String yaml = Files.readString(file);
    String ca = StudentKubeconfig.caData(client.getConfiguration());
    if (ca != null) {
      assertThat(yaml).contains("certificate-authority-data: " + ca);
    } else {
      assertThat(yaml).contains("insecure-skip-tls-verify: true");
    }
    assertThat(Namespaced.contextNamespace(file, null)).hasValueSatisfying(n -> {
      assertThat(n.namespace()).isEqualTo("class-c1-s1");
      assertThat(n.classContext()).isTrue();
    });
  }

  @Test
  void aLoopbackAddressIsFlaggedAndServerGivesTheStudentsAnotherOne() throws Exception {
    MockClassroom.tokens(server, "class-c7-s1", "class-c7-s2");
    java.util.List<String> progress = new java.util.ArrayList<>();
    new Classroom(client, "c7").create(TWO, StudentLimits.DEFAULTS, 7, tmp.resolve("a"), progress::add);
    assertThat(progress).anyMatch(m -> m.contains("which only this machine reaches") && m.contains("--server"));
    progress.clear();
    new Classroom(client, "c7").create(TWO, StudentLimits.DEFAULTS, 7, tmp.resolve("b"), "https://k3s.class.example:6443", progress::add);
    assertThat(progress).noneMatch(m -> m.contains("only this machine reaches"));
    assertThat(Config.fromKubeconfig(null, tmp.resolve("b/s1.yaml").toFile()).getMasterUrl()).startsWith("https://k3s.class.example:6443");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Classroom(client, "c7")
        .create(TWO, StudentLimits.DEFAULTS, 7, tmp.resolve("c"), "k3s.class.example", m -> {}))
        .hasMessageContaining("is not an API server URL");
  }

  @Test
  void aCaFromTheInstructorsConfigGoesIntoTheStudentsKubeconfig() throws Exception {
    Config instructor = new io.fabric8.kubernetes.client.ConfigBuilder().withMasterUrl("https://10.0.0.1:6443/")
        .withCaCertData("Q0EtREFUQQ==").build();
    String yaml = StudentKubeconfig.render(instructor, "c9", "class-c9-x", "tok");
    Path file = tmp.resolve("x.yaml");
    Files.writeString(file, yaml);
    Config back = Config.fromKubeconfig(null, file.toFile());
    assertThat(back.getMasterUrl()).startsWith("https://10.0.0.1:6443");
    assertThat(back.getCaCertData()).isEqualTo("Q0EtREFUQQ==");
    assertThat(back.getAutoOAuthToken()).isEqualTo("tok");
    assertThat(back.getNamespace()).isEqualTo("class-c9-x");
  }

  @Test
  void runningAgainAddsNewStudentsAndRepairsDriftWithoutTouchingWork() {
    Classroom c = new Classroom(client, "c2");
    c.create(Roster.parse("r.csv", "s1,Ada\n"), StudentLimits.DEFAULTS, 7, tmp, m -> {});
    client.configMaps().inNamespace("class-c2-s1").resource(new ConfigMapBuilder().withNewMetadata().withName("my-work").endMetadata()
        .addToData("k", "v").build()).create();
    client.resourceQuotas().inNamespace("class-c2-s1").withName(StudentObjects.QUOTA).delete();
    client.namespaces().withName("class-c2-s1").edit(n -> {
      n.getMetadata().getLabels().remove("kubelab.dev/class");
      n.getMetadata().getLabels().put("team", "blue");
      return n;
    });
    // the class label was removed, so the student looks new; re-running puts it back
    MockClassroom.tokens(server, "class-c2-s2");
    List<String> progress = new ArrayList<>();
    Classroom.CreateReport again = c.create(Roster.parse("r.csv", "s1,Ada\ns2,Bob\n"), StudentLimits.DEFAULTS, 7, tmp, progress::add);
    assertThat(again.students()).extracting(Classroom.Created::namespace).containsExactly("class-c2-s1", "class-c2-s2");
    assertThat(client.resourceQuotas().inNamespace("class-c2-s1").withName(StudentObjects.QUOTA).get()).isNotNull();
    assertThat(client.namespaces().withName("class-c2-s1").get().getMetadata().getLabels())
        .containsEntry("kubelab.dev/class", "c2").containsEntry("team", "blue");
    assertThat(client.configMaps().inNamespace("class-c2-s1").withName("my-work").get().getData()).containsEntry("k", "v");
    assertThat(c.students()).hasSize(2);
    // a third run with nothing changed: nothing new, and the roster's missing student is left alone
    Classroom.CreateReport third = c.create(Roster.parse("r.csv", "s2,Bob\n"), StudentLimits.DEFAULTS, 7, tmp, m -> {});
    assertThat(third.students()).noneMatch(Classroom.Created::isNew);
    assertThat(third.notInRoster()).extracting(ClassStudent::id).containsExactly("s1");
  }

  @Test
  void limitsComeFromAYamlFileWithEveryProblemNamed() {
    StudentLimits l = StudentLimits.DEFAULTS.withYaml("limits.yaml", "quota:\n  memory: 2Gi\nlimits:\n  defaultCpu: 250m\n");
    assertThat(l.quota()).containsEntry("memory", "2Gi").containsEntry("cpu", "4");
    assertThat(l.limits()).containsEntry("defaultCpu", "250m");
    org.assertj.core.api.Assertions.assertThatThrownBy(() ->
        StudentLimits.DEFAULTS.withYaml("limits.yaml", "quota:\n  memroy: 2Gi\n  cpu: lots\n"))
        .hasMessageContaining("limits.yaml").hasMessageContaining("memroy").hasMessageContaining("'lots' is not a quantity");
  }

  @Test
  void deleteRemovesEveryNamespaceOfTheClassOnly() {
    new Classroom(client, "c1").create(TWO, StudentLimits.DEFAULTS, 7, tmp, m -> {});
    MockClassroom.tokens(server, "class-c3-s1");
    new Classroom(client, "c3").create(Roster.parse("r.csv", "s1,Ada\n"), StudentLimits.DEFAULTS, 7, tmp.resolve("c3"), m -> {});
    assertThat(new Classroom(client, "c3").delete(m -> {})).containsExactly("class-c3-s1");
    assertThat(client.namespaces().withName("class-c3-s1").get()).isNull();
    assertThat(client.namespaces().withName("class-c1-s1").get()).isNotNull();
  }
}
