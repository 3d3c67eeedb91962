package dev.kubelab.labs.classroom;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class IsolationTest {
  static KubernetesClient client;
  static KubernetesMockServer server;
  static volatile MockClassroom.Policy policy;
  static final MockClassroom.Policy RBAC = MockClassroom.rbac();
  static final List<ClassStudent> CLASS = List.of(new ClassStudent("s1", "Ada", null, "class-c-s1"),
      new ClassStudent("s2", "Bob", null, "class-c-s2"));

  @BeforeEach
  void script() {
    policy = RBAC;
    MockClassroom.reviews(server, (user, verb, resource, ns) -> policy.allowed(user, verb, resource, ns));
  }

  @Test
  void rbacAsCreatedHasNoGap() {
    List<Isolation.Probe> probes = new Isolation(client).verify(CLASS);
    assertThat(probes).noneMatch(Isolation.Probe::gap);
    assertThat(probes).extracting(Isolation.Probe::action).contains("create apps/deployments in class-c-s1",
        "list pods in class-c-s2", "get secrets in class-c-s1", "create namespaces cluster-wide");
  }

  @Test
  void aStudentWhoCanReadANeighboursSecretsIsAGap() {
    policy = (user, verb, resource, ns) -> RBAC.allowed(user, verb, resource, ns)
        || (user.contains("class-c-s1") && resource.equals("secrets"));
    List<Isolation.Probe> gaps = new Isolation(client).verify(CLASS).stream().filter(Isolation.Probe::gap).toList();
    assertThat(gaps).extracting(Isolation.Probe::student, Isolation.Probe::action).containsExactly(
        Tuple.tuple("s1", "get secrets in class-c-s2"), Tuple.tuple("s1", "list secrets in kube-system"));
    assertThat(gaps.get(0).describe()).contains("must not be able to", "ALLOWED");
  }

  @Test
  void aStudentWhoCannotWorkInTheirOwnNamespaceIsAGap() {
    policy = (user, verb, resource, ns) -> RBAC.allowed(user, verb, resource, ns) && !"class-c-s2".equals(ns);
    List<Isolation.Probe> gaps = new Isolation(client).verify(CLASS).stream().filter(Isolation.Probe::gap).toList();
    assertThat(gaps).extracting(Isolation.Probe::student).containsOnly("s2");
    assertThat(gaps).extracting(Isolation.Probe::action).contains("create pods in class-c-s2");
    assertThat(gaps.get(0).describe()).contains("should be allowed to", "denied");
  }
}
