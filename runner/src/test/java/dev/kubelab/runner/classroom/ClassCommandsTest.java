package dev.kubelab.runner.classroom;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubelab.labs.classroom.MockClassroom;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import dev.kubelab.labs.testing.MockState;
import dev.kubelab.labs.testing.StudentMock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The class commands end to end on the mock API server: an instructor and their students. */
@EnableKubernetesMockClient(crud = true)
class ClassCommandsTest {
  static KubernetesClient client;
  static KubernetesMockServer server;
  static volatile MockClassroom.Policy policy = MockClassroom.rbac();
  static boolean scripted;

  @TempDir
  Path tmp;
  ClassKubelab kubelab;
  Path dir;

  @BeforeEach
  void setUp() throws Exception {
    if (!scripted) {
      scripted = true;
      MockClassroom.tokens(server, "class-c1-s1", "class-c1-s2", "class-c2-s1", "class-c3-s1", "class-c4-s1", "class-c4-s2",
          "class-c5-s1", "class-c6-s1");
      MockClassroom.reviews(server, (u, v, r, ns) -> policy.allowed(u, v, r, ns));
    }
    policy = MockClassroom.rbac();
    kubelab = new ClassKubelab(tmp.resolve("home"), client);
    dir = tmp.resolve("class");
    client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-1").endMetadata().withNewStatus().addNewCondition()
        .withType("Ready").withStatus("True").endCondition().endStatus().build()).createOr(NonDeletingOperation::update);
  }

  private Path roster(String text) throws Exception {
    Path p = tmp.resolve("roster.csv");
    Files.writeString(p, text);
    return p;
  }

  @Test
  void createSetsUpStudentsWritesKubeconfigsAndIsIdempotent() throws Exception {
    Path r = roster("id,name,email\ns1,Ada,ada@example.org\ns2,Bob\n");
    ClassKubelab.Result first = kubelab.run("class", "create", r.toString(), "--name", "c1", "--out", dir.toString());
    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.out()).contains("Class c1: 2 student(s)", "2 new", "class-c1-s1", "class verify --name c1");
    Config s1 = Config.fromKubeconfig(null, dir.resolve("kubeconfigs/s1.yaml").toFile());
    assertThat(s1.getNamespace()).isEqualTo("class-c1-s1");
    assertThat(s1.getAutoOAuthToken()).isEqualTo(MockClassroom.token("class-c1-s1"));
    ClassKubelab.Result again = kubelab.run("class", "create", r.toString(), "--name", "c1", "--out", dir.toString());
    assertThat(again.out()).contains("0 new, 2 checked and repaired");
  }

  @Test
  void aBadRosterReportsEveryLineAndCreatesNothing() throws Exception {
    Path r = roster("id,name\ns1,Ada\nbad id,Bob\ns3,\n");
    ClassKubelab.Result res = kubelab.run("class", "create", r.toString(), "--name", "c9", "--out", dir.toString());
    assertThat(res.exitCode()).isEqualTo(2);
    assertThat(res.err()).contains("roster.csv:3: student id 'bad id'", "roster.csv:4: the student's name is empty", "nothing was created");
    assertThat(res.clusterOpened()).isFalse();
    assertThat(client.namespaces().withLabel("kubelab.dev/class", "c9").list().getItems()).isEmpty();
    assertThat(dir).doesNotExist();
  }

  @Test
  void deleteRefusesWithoutYesAndATerminal() throws Exception {
    kubelab.run("class", "create", roster("s1,Ada\n").toString(), "--name", "c2", "--out", dir.toString());
    ClassKubelab.Result refused = kubelab.run("class", "delete", "--name", "c2");
    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err()).contains("error: deleting class c2 removes 1 namespace(s)", "hint: add --yes");
    assertThat(client.namespaces().withName("class-c2-s1").get()).isNotNull();
    assertThat(kubelab.run("class", "delete", "--name", "c2", "--yes").exitCode()).isZero();
    assertThat(client.namespaces().withName("class-c2-s1").get()).isNull();
  }

  @Test
  void verifyPassesOnTheRbacItCreatedAndFailsOnAGap() throws Exception {
    // the API server's RBAC and admission, as the objects 'class create' wrote them decide
    try (StudentMock mock = StudentMock.start()) {
      MockState.seedK3s(mock.admin());
      MockClassroom.tokens(mock.server(), "class-c4-s1", "class-c4-s2");
      ClassKubelab instructor = new ClassKubelab(tmp.resolve("c4-home"), mock.admin());
      instructor.content = kubelab.content;
      ClassKubelab.Result created = instructor.run("class", "create", roster("s1,Ada\ns2,Bob\n").toString(), "--name", "c4", "--out",
          dir.toString());
      assertThat(created.exitCode()).as(created.err()).isZero();
      ClassKubelab.Result ok = instructor.run("class", "verify", "--name", "c4");
      assertThat(ok.exitCode()).as(ok.out() + ok.err()).isZero();
      assertThat(ok.out()).contains("✔ s1", "✔ s2", "Every student is isolated",
          "✔ create a ClusterRoleBinding: refused for 2/2",
          "✔ bind a role in a neighbour's namespace: refused for 2/2",
          "✔ delete their own isolation NetworkPolicy: refused for 2/2 — refused: ", "only your instructor may change or delete it",
          "✔ lift their class's ResourceQuota: refused for 2/2", "✔ delete their class's LimitRange: refused for 2/2",
          "✔ create a StorageClass outside their prefix: refused for 2/2 — refused: ", "must start with class-c4-s1-",
          "✔ create a PersistentVolume on the node's /: refused for 2/2",
          "✔ create a PersistentVolume under /var/lib/kubelab/<their namespace>/: accepted for 2/2",
          "✔ create a StorageClass named <their namespace>-…: accepted for 2/2",
          "✔ create a ClusterRole (admission keeps theirs to reading, under their prefix): accepted for 2/2",
          "✔ escalate a ClusterRole (admission keeps theirs to reading, under their prefix): accepted for 2/2",
          "✔ bind the ClusterRole cluster-admin: refused for 2/2", "✔ change the built-in ClusterRole admin: refused for 2/2",
          "✔ bind cluster-admin in their own namespace: refused for 2/2", "attempting to grant RBAC permissions not currently held",
          "✔ create a ClusterRole that writes (delete pods): refused for 2/2 — refused: ", "may only read",
          "✔ create a ClusterRole that aggregates into the built-in admin: refused for 2/2",
          "✔ create a ClusterRole outside their prefix: refused for 2/2",
          "✔ create a ClusterRole named <their namespace>-… that reads pods: accepted for 2/2",
          "✔ claim a neighbour's volume (volumeName): refused for 2/2", "✔ make a classless claim that could bind anyone's volume:"
              + " refused for 2/2 — refused: ", "must name its volume");
      assertThat(mock.admin().persistentVolumes().list().getItems()).as("dry runs store nothing").isEmpty();

      // drift: a RoleBinding that lets s2 into s1's namespace, and the class's object policy gone
      mock.admin().rbac().roleBindings().inNamespace("class-c4-s1").resource(new io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder()
          .withNewMetadata().withName("helpful").endMetadata().withNewRoleRef().withApiGroup("rbac.authorization.k8s.io")
          .withKind("ClusterRole").withName("admin").endRoleRef().addNewSubject().withKind("ServiceAccount").withName("student")
          .withNamespace("class-c4-s2").endSubject().build()).create();
      mock.admin().admissionRegistration().v1().validatingAdmissionPolicyBindings().withName("kubelab-class-c4-objects").delete();
      ClassKubelab.Result gap = instructor.run("class", "verify", "--name", "c4");
      assertThat(gap.exitCode()).isEqualTo(1);
      assertThat(gap.out()).contains("✔ s1", "✘ s2  2 gap(s):", "must not be able to list pods in class-c4-s1: ALLOWED",
          "✘ delete their own isolation NetworkPolicy: refused for 0/2; ALLOWED for s1, s2");
    }
  }

  @Test
  void studentsWorkInTheirNamespaceAndTheInstructorGradesTheClass() throws Exception {
    kubelab.run("class", "create", roster("s1,<b>Ada</b>\ns2,\"=Bob, Jr\"\n").toString(), "--name", "c5", "--out", dir.toString());
    // student s1, with the class kubeconfig: namespaced mode is detected from its context
    ClassKubelab student = new ClassKubelab(tmp.resolve("s1-home"), client);
    student.kubeconfig = dir.resolve("kubeconfigs/s1.yaml");
    ClassKubelab.Result list = student.run("list");
    assertThat(list.out()).contains("Namespaced mode: labs run in your namespace class-c5-s1", "unavailable here:",
        "creates cluster-wide objects that a class cannot hand to students safely");
    assertThat(list.clusterOpened()).isFalse();
    ClassKubelab.Result refused = student.run("start", "wide/cluster");
    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err()).contains("cannot run in your namespace class-c5-s1");
    ClassKubelab.Result start = student.run("start", "basics/config");
    assertThat(start.exitCode()).as(start.err()).isZero();
    assertThat(client.namespaces().withName("kl-basics-config").get()).isNull();
    assertThat(client.configMaps().inNamespace("class-c5-s1").withName("settings").get().getData()).containsEntry("colour", "red");
    client.configMaps().inNamespace("class-c5-s1").withName("settings").edit(cm -> {
      cm.getData().put("colour", "blue");
      return cm;
    });
    assertThat(student.run("check").out()).contains("✔ colour-blue");
    assertThat(student.run("reset").exitCode()).isZero();
    assertThat(client.namespaces().withName("class-c5-s1").get()).isNotNull();
    assertThat(client.configMaps().inNamespace("class-c5-s1").withName("settings").get().getData()).containsEntry("colour", "red");
    client.configMaps().inNamespace("class-c5-s1").withName("settings").edit(cm -> {
      cm.getData().put("colour", "blue");
      return cm;
    });

    assertThat(student.run("next").exitCode()).isZero();
    assertThat(student.run("answer", "ns-name", "class-c5-s1").out()).contains("✔ ns-name"); // kept in the namespace for grading
    ClassKubelab.Result grade = kubelab.run("class", "grade", "--name", "c5", "--lab", "basics/config", "--out", dir.toString(), "--parallel", "2");
    assertThat(grade.exitCode()).as(grade.err()).isZero();
    assertThat(grade.out()).contains("s1", "s2", "1 of 2 passed", "1 of 2 student(s) passed everything", "gradebook-basics-config.html");

    List<String> csv = Files.readAllLines(dir.resolve("gradebook-basics-config.csv"));
    assertThat(csv.get(0)).isEqualTo("student,name,email,source,basics/config/colour (2),basics/config/namespace (1),total,max,error");
    assertThat(csv.get(1)).startsWith("s1,<b>Ada</b>,,cluster,2,1,3,3,");
    assertThat(csv.get(2)).startsWith("s2,\"'=Bob, Jr\",,cluster,0,0,0,3");

    JsonNode json = new ObjectMapper().readTree(dir.resolve("gradebook-basics-config.json").toFile());
    assertThat(json.path("className").asText()).isEqualTo("c5");
    assertThat(json.path("columns")).hasSize(2);
    assertThat(json.path("rows").get(1).path("cells").get(0).path("failed").get(0).path("detail").asText()).as("s2 never started the lab: nothing counts, whatever is there").isEqualTo("lab not started");
    assertThat(json.path("stats").path("parallel").asInt()).isEqualTo(2);
    assertThat(json.path("note").asText()).contains("tamper-resistant");

    String html = Files.readString(dir.resolve("gradebook-basics-config.html"));
    assertThat(html).contains("&lt;b&gt;Ada&lt;/b&gt;", "<code>basics/config</code>: lab not started").doesNotContain("<b>Ada</b>");

    ClassKubelab.Result watch = kubelab.run("class", "watch", "--name", "c5", "--lab", "basics/config", "--rounds", "2");
    assertThat(watch.exitCode()).isZero();
    assertThat(watch.out().split("Class c5 · basics/config", -1)).hasSize(3);
  }

  @Test
  void anExplicitNamespaceMeansNamespacedModeToo() {
    ClassKubelab.Result list = kubelab.run("--namespace", "team-a", "list");
    assertThat(list.out()).contains("Namespaced mode: labs run in your namespace team-a", "unavailable here:");
    assertThat(list.clusterOpened()).isFalse();
  }

  @Test
  void aLocalStudentsReportIsImportedAsSelfReported() throws Exception {
    kubelab.run("class", "create", roster("s1,Ada\n").toString(), "--name", "c6", "--out", dir.toString());
    ClassKubelab local = new ClassKubelab(tmp.resolve("local-home"), client);
    Files.createDirectories(local.home);
    Files.writeString(local.home.resolve("progress.json"), """
        {"version":1,"labs":{"basics/config":{"exercises":{"colour":{"passed":true,"bestScore":2.0,"passedAt":"2026-02-28T10:00:00Z"}}}}}
        """);
    Path export = tmp.resolve("s7.json");
    ClassKubelab.Result report = local.run("report", "--out", export.toString(), "--student-name", "Seven");
    assertThat(report.exitCode()).as(report.err()).isZero();
    assertThat(report.out()).contains("1 exercise(s) passed", "tamper-resistant");
    assertThat(report.clusterOpened()).isFalse();
    ClassKubelab.Result imported = kubelab.run("class", "import", "--name", "c6", "--out", dir.toString(), export.toString());
    assertThat(imported.exitCode()).as(imported.err()).isZero();
    assertThat(imported.out()).contains("+ s7", "self-reported", "only shared-cluster grading is tamper-resistant");
    ClassKubelab.Result grade = kubelab.run("class", "grade", "--name", "c6", "--lab", "basics/config", "--out", dir.toString());
    assertThat(grade.out()).contains("s7", "self-reported", "tamper-resistant");
    assertThat(Files.readString(dir.resolve("gradebook-basics-config.csv"))).contains("s7,Seven,,self-reported,2,0,2,3");
    Files.writeString(tmp.resolve("junk.json"), "{\"not\":\"an export\"}");
    assertThat(kubelab.run("class", "import", "--name", "c6", "--out", dir.toString(), tmp.resolve("junk.json").toString()).err())
        .contains("is not a kubelab progress export");
  }
}
