package dev.kubelab.labs.classroom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelab.labs.content.Model;
import dev.kubelab.labs.testing.StudentMock;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test kit's student identity answers as a real API server with the RBAC of 'class create' would. */
class StudentIdentityTest {
  static StudentMock mock;
  static KubernetesClient admin;
  static KubernetesClient student;

  @TempDir
  Path tmp;

  @BeforeAll
  static void classOfTwo() {
    mock = StudentMock.start();
    admin = mock.admin();
    MockClassroom.tokens(mock.server(), "class-k-s1", "class-k-s2");
    for (String node : new String[] {"agent-b", "server-a", "agent-a"}) {
      var meta = new NodeBuilder().withNewMetadata().withName(node);
      if (node.startsWith("server")) meta = meta.addToLabels("node-role.kubernetes.io/control-plane", "true");
      admin.nodes().resource(meta.endMetadata().build()).create();
    }
    new Classroom(admin, "k").create(Roster.parse("r.csv", "s1,Ada\ns2,Bob\n"), StudentLimits.DEFAULTS, 1,
        Path.of(System.getProperty("java.io.tmpdir")), m -> {});
    student = mock.student("class-k-s1");
  }

  @AfterAll
  static void close() {
    student.close();
    mock.close();
  }

  @Test
  void nodesNamespacesAndClusterScopedKindsAreForbiddenWithTheApiServersMessage() {
    assertThatThrownBy(() -> student.nodes().list()).isInstanceOfSatisfying(KubernetesClientException.class, e -> {
      assertThat(e.getCode()).isEqualTo(403);
      assertThat(e.getStatus().getReason()).isEqualTo("Forbidden");
      assertThat(e.getStatus().getMessage()).isEqualTo("nodes is forbidden: User \"system:serviceaccount:class-k-s1:student\""
          + " cannot list resource \"nodes\" in API group \"\" at the cluster scope");
    });
    assertThatThrownBy(() -> student.namespaces().list()).hasMessageContaining("cannot list resource \"namespaces\"");
    assertThatThrownBy(() -> student.storage().v1().storageClasses().list())
        .hasMessageContaining("cannot list resource \"storageclasses\" in API group \"storage.k8s.io\" at the cluster scope");
    assertThatThrownBy(() -> student.configMaps().inNamespace("class-k-s2").list())
        .hasMessageContaining("cannot list resource \"configmaps\" in API group \"\" in the namespace \"class-k-s2\"");
    assertThatThrownBy(() -> student.resourceQuotas().inNamespace("class-k-s1").withName(StudentObjects.QUOTA).edit(q -> {
      q.getSpec().getHard().put("pods", new Quantity("999"));
      return q;
    })).hasMessageContaining("cannot patch resource \"resourcequotas\"");
    assertThat(mock.refused()).anyMatch(r -> r.startsWith("GET /api/v1/nodes"));
  }

  @Test
  void inItsOwnNamespaceTheStudentWorksAndReadsTheNamespaceItself() {
    student.configMaps().inNamespace("class-k-s1").resource(new ConfigMapBuilder().withNewMetadata().withName("mine").endMetadata()
        .addToData("a", "b").build()).create();
    assertThat(student.configMaps().inNamespace("class-k-s1").withName("mine").get().getData()).containsEntry("a", "b");
    assertThat(student.namespaces().withName("class-k-s1").get()).isNotNull();
    assertThat(student.resourceQuotas().inNamespace("class-k-s1").withName(StudentObjects.QUOTA).get()).isNotNull();
    assertThat(Namespaced.canCreateNamespaces(student)).isFalse();
    assertThat(Namespaced.canCreateNamespaces(admin)).isTrue();
  }

  @Test
  void classCreateRecordsTheNodeNamesInEveryStudentsNamespaceControlPlaneFirst() {
    var record = student.configMaps().inNamespace("class-k-s1").withName(Model.NODE_NAMES_RECORD).get();
    assertThat(record.getData()).containsEntry(Model.NODE_NAMES_KEY, "server-a,agent-a,agent-b");
    assertThat(record.getMetadata().getLabels()).containsEntry(Naming.CLASS_LABEL, "k");
    assertThat(admin.configMaps().inNamespace("class-k-s2").withName(Model.NODE_NAMES_RECORD).get()).isNotNull();
  }
}
