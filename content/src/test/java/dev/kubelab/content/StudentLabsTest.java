package dev.kubelab.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelab.labs.api.CheckResult;
import dev.kubelab.labs.api.Course;
import dev.kubelab.labs.api.Exercise;
import dev.kubelab.labs.api.ExerciseResult;
import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.labs.api.Lab;
import dev.kubelab.labs.api.Placement;
import dev.kubelab.labs.check.CheckKinds;
import dev.kubelab.labs.classroom.Classroom;
import dev.kubelab.labs.classroom.ClassGrader;
import dev.kubelab.labs.classroom.ClassStudent;
import dev.kubelab.labs.classroom.Gradebook;
import dev.kubelab.labs.classroom.MockClassroom;
import dev.kubelab.labs.classroom.Namespaced;
import dev.kubelab.labs.classroom.Roster;
import dev.kubelab.labs.classroom.StudentLimits;
import dev.kubelab.labs.content.ContentSource;
import dev.kubelab.labs.content.CourseLoader;
import dev.kubelab.labs.content.Model;
import dev.kubelab.labs.engine.LabEngine;
import dev.kubelab.labs.grade.LearnerState;
import dev.kubelab.labs.testing.MockState;
import dev.kubelab.labs.testing.StudentMock;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every lab a class can run, worked through by a class student on the mock API server with the
 * RBAC of 'class create' (403 for nodes, namespaces, cluster-scoped kinds and other students'
 * namespaces): start, every exercise's text, hints and solution, grading untouched and solved,
 * the answers kept for the instructor, reset. Nothing may fail but with a KubelabException that
 * says what to do; the instructor's grading sees exactly what the student's own grading sees.
 */
class StudentLabsTest {
  static StudentMock mock;
  static KubernetesClient admin;
  static CourseLoader loader;
  static Course course;
  static LabEngine instructor;

  @BeforeAll
  static void aClassOnTheCourse() throws Exception {
    mock = StudentMock.start();
    admin = mock.admin();
    loader = new CourseLoader(ContentSource.classpath(), CheckKinds.builtIn());
    course = loader.load();
    MockState.seedK3s(admin);
    MockState.serveGatewayApi(admin); // k3s installs them with Traefik, which the class's ingress lab needs
    List<String> ids = classLabs().map(StudentLabsTest::studentId).toList();
    MockClassroom.tokens(mock.server(), Stream.concat(ids.stream(), Stream.of("bare")).map(id -> "class-st-" + id).toArray(String[]::new));
    new Classroom(admin, "st", course).create(Roster.parse("r.csv", String.join("\n", Stream.concat(ids.stream(), Stream.of("bare")).map(id -> id + "," + id).toList()) + "\n"), StudentLimits.DEFAULTS, 1,
        Files.createTempDirectory("kubelab-class"), m -> {});
    admin.configMaps().inNamespace("class-st-bare").withName(Model.NODE_NAMES_RECORD).delete(); // as with an instructor who may not list nodes
    instructor = new LabEngine(course, loader.templates(), CheckKinds.builtIn(), admin, false);
  }

  @AfterAll
  static void close() {
    mock.close();
  }

  /**
   * Solutions a class student may not apply, and what the API server says. A student may make
   * their own ResourceQuota (resource-pool), since the class's admission policy keeps the class's
   * own quota out of their reach and quotas only add up. But the class's quota allows no node
   * ports: a NodePort would be shared by every student (30080 for all) and reached from anywhere
   * around the class's isolation policy, so those two exercises cannot be done in a class.
   */
  static final Map<String, String> REFUSED = Map.of(
      "networking/services/nodeport", "the namespace's ResourceQuota does not allow it (exceeded quota: kubelab-class-quota, requested: services.nodeports=1",
      "networking/services/loadbalancer", "the namespace's ResourceQuota does not allow it (exceeded quota: kubelab-class-quota, requested: services.loadbalancers=1");

  static Stream<Lab> classLabs() {
    return course.labs().stream().filter(l -> Namespaced.unavailable(l).isEmpty());
  }

  static String studentId(Lab lab) {
    return lab.id().replace('/', '-') + "0"; // "security-rbac-" would begin "security-rbac-troubleshooting": one class refuses both
  }

  @Test
  void theClassRunsTheLabsThatFitOneNamespace() {
    assertThat(classLabs().map(Lab::id)).contains("compute/workloads", "compute/drs-rules", "networking/services",
        "security/rbac-troubleshooting", "security/service-accounts", "storage/storage-classes", "storage/static-provisioning",
        "security/pod-security", "security/rbac", "networking/tenant-isolation").hasSizeGreaterThanOrEqualTo(22);
    // traffic: a fence between two of a student's namespaces can be graded where a flow that must get through pairs with the
    // block; a block the class's isolation makes anyway cannot, nor one inside a namespace, which the class's policy opens
    Lab tenants = course.requireLab("networking/tenant-isolation");
    assertThat(Namespaced.unavailable(tenants)).isEmpty();
    assertThat(Namespaced.unprovable(tenants, tenants.exercise("tenants").orElseThrow())).isEmpty();
    assertThat(Namespaced.unprovable(tenants, tenants.exercise("egress-lockdown").orElseThrow())).hasValueSatisfying(why ->
        assertThat(why).contains("check egress-blocked", "could not tell your policy from none"));
    assertThat(Namespaced.unavailable(course.requireLab("networking/micro-segmentation"))).hasValueSatisfying(why ->
        assertThat(why).contains("traffic blocked inside one namespace", "batch-blocked"));
    // the cluster-wide labs a class cannot run say what makes them unsafe, not only that they are
    assertThat(Namespaced.unavailable(course.requireLab("security/guardrails"))).hasValueSatisfying(why ->
        assertThat(why).contains("ValidatingAdmissionPolicies", "exempts those from admission"));
    assertThat(Namespaced.unavailable(course.requireLab("platform/golden-path"))).hasValueSatisfying(why ->
        assertThat(why).contains("ValidatingAdmissionPolicies"));
    for (String id : List.of("platform/extend-api", "platform/operator")) {
      assertThat(Namespaced.unavailable(course.requireLab(id))).as(id).hasValueSatisfying(why ->
          assertThat(why).contains("CustomResourceDefinitions", "short names"));
    }
  }

  @TestFactory
  Stream<DynamicTest> aStudentWorksThroughEveryLabTheClassOffers() {
    return classLabs().map(lab -> DynamicTest.dynamicTest(lab.id(), () -> {
      String ns = "class-st-" + studentId(lab);
      try (KubernetesClient client = mock.student(ns)) {
        LabEngine engine = studentEngine(client, false);
        Placement p = Namespaced.placement(lab, ns);
        Map<String, String> uids = engine.startInPlace(lab, p, m -> {});
        // with the class's default quota and limits, only capacity's report (500 CPUs, meant to stay Pending) is refused
        assertThat(engine.refusedByNamespaceLimits(lab, p)).as("setup workloads the class's limits refuse").hasSize(
            lab.id().equals("compute/capacity") ? 2 : 0);
        List<String> text = new ArrayList<>(List.of(engine.intro(lab, p)));
        Map<String, String> answers = new HashMap<>();
        for (Exercise e : lab.exercises()) {
          Map<String, Object> model = engine.model(lab, p);
          text.add(engine.instructions(lab, e, p));
          text.add(engine.solution(lab, e, p));
          e.hints().forEach(h -> text.add(loader.templates().renderString(h.text(), model)));
          e.checks().stream().filter(c -> c.hint() != null).forEach(c -> text.add(loader.templates().renderString(c.hint(), model)));
          engine.grade(lab, e, p, LearnerState.of(answers, uids));
          try {
            engine.applySolution(lab, e, p, m -> {});
          } catch (KubelabException refused) {
            // what a class's RBAC refuses must be known, and said as the API server said it, never an internal error
            assertThat(REFUSED).as(refused.getMessage() + "\n" + String.join("\n", mock.refused())).containsKey(lab.id() + "/" + e.id());
            assertThat(refused.exitCode()).isEqualTo(KubelabException.ENVIRONMENT);
            assertThat(refused.getMessage()).contains(REFUSED.get(lab.id() + "/" + e.id())).doesNotContain("credentials");
            continue;
          }
          if (e.solution().state() != null) MockState.apply(admin, loader.templates().render(e.solution().state(), model), ns);
          answers.putAll(engine.solutionAnswers(lab, e, p));
          engine.recordAnswers(lab, p, answers);
          ExerciseResult mine = engine.grade(lab, e, p, LearnerState.of(answers, uids));
          assertThat(mine.checks()).as(CourseSelfTest.describe(mine)).noneMatch(c -> c.detail() != null && c.detail().contains(Model.UNLISTED));
          ExerciseResult theirs = ClassGrader.by(instructor).grade(new ClassStudent(studentId(lab), "s", null, ns), lab, p).stream()
              .filter(r -> r.exerciseId().equals(e.id())).findFirst().orElseThrow();
          assertThat(theirs.checks()).as("the instructor grades %s as the student does", e.id())
              .extracting(CheckResult::id, CheckResult::status).isEqualTo(mine.checks().stream().map(c -> org.assertj.core.groups.Tuple
                  .tuple(c.id(), c.status())).toList());
        }
        assertThat(text).as("node names the class recorded, never stand-ins").noneMatch(Model::namesUnlistedNode);
        engine.resetInPlace(lab, p, m -> {});
        assertThat(mock.refused()).as("nothing outside the student's namespace was needed").noneMatch(r -> r.contains("\"" + ns + "\"")
            && !r.contains("in the namespace \"" + ns + "\""));
      }
    }));
  }

  /**
   * security/rbac in a class: the student's own ClusterRole, bound by RoleBindings in their
   * namespaces, is graded like anyone's (read by name, as the student may not list ClusterRoles);
   * the cluster-wide guards, which the student may not ask the API server, hold because the student
   * cannot create a ClusterRoleBinding; a ClusterRole that writes, and any ClusterRoleBinding, are
   * refused by the API server, saying why; reset removes the ClusterRole.
   */
  @Test
  void aStudentGrantsRbacInTheirNamespacesOnlyAndNothingBeyond() {
    Lab lab = course.requireLab("security/rbac");
    String ns = "class-st-" + studentId(lab);
    try (KubernetesClient client = mock.student(ns)) {
      LabEngine engine = studentEngine(client, true);
      Placement p = Namespaced.placement(lab, ns);
      Map<String, String> uids = engine.startInPlace(lab, p, m -> {});
      Exercise team = lab.exercise("team-role").orElseThrow();
      Exercise auditor = lab.exercise("auditor").orElseThrow();
      engine.applySolution(lab, team, p, m -> {});
      engine.applySolution(lab, auditor, p, m -> {});
      Map<String, CheckResult> t = byId(engine.grade(lab, team, p, LearnerState.of(Map.of(), uids)));
      Map<String, CheckResult> a = byId(engine.grade(lab, auditor, p, LearnerState.of(Map.of(), uids)));
      for (String id : List.of("least-privilege", "billing-nothing", "no-cluster-admin", "no-delete-nodes")) {
        assertThat(t.get(id).status()).as(id + ": " + t.get(id).detail()).isEqualTo(CheckResult.Status.PASSED);
      }
      for (String id : List.of("clusterrole-readonly", "app-binding", "billing-binding", "read-only-app", "read-only-billing", "hr-nothing",
          "not-cluster-wide")) {
        assertThat(a.get(id).status()).as(id + ": " + a.get(id).detail()).isEqualTo(CheckResult.Status.PASSED);
      }
      assertThat(a.get("not-cluster-wide").detail()).contains("only a ClusterRoleBinding grants cluster-wide rights");

      // the wrong answers that would reach further are refused, in the API server's words
      var wide = new io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder().withNewMetadata().withName(ns + "-auditor").endMetadata()
          .addNewRule().withApiGroups("", "apps").withResources("*").withVerbs("get", "list", "watch").endRule().build();
      assertThatThrownBy(() -> client.rbac().clusterRoles().resource(wide).update())
          .hasMessageContaining("may only read").hasMessageContaining("no \"*\"");
      var binding = new io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder().withNewMetadata().withName(ns + "-auditors")
          .endMetadata().withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName(ns + "-auditor")
          .endRoleRef().addNewSubject().withKind("Group").withName("auditors").withApiGroup("rbac.authorization.k8s.io").endSubject().build();
      assertThatThrownBy(() -> client.rbac().clusterRoleBindings().resource(binding).create()).hasMessageContaining("forbidden");
      var toAdmin = new io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder().withNewMetadata().withName("me-admin").withNamespace(ns)
          .endMetadata().withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName(ns + "-auditor")
          .endRoleRef().addNewSubject().withKind("ServiceAccount").withName("student").withNamespace(ns).endSubject().build();
      client.rbac().roleBindings().resource(toAdmin).create(); // binding their read-only role to themselves gives nothing new
      assertThat(admin.rbac().clusterRoles().withName(ns + "-auditor").get().getRules())
          .allSatisfy(r -> assertThat(r.getVerbs()).containsOnly("get", "list", "watch"));

      engine.resetInPlace(lab, p, m -> {});
      assertThat(admin.rbac().clusterRoles().withName(ns + "-auditor").get()).as("reset deletes the student's ClusterRole").isNull();
      assertThat(admin.rbac().roleBindings().inNamespace(ns).withName("me-admin").get()).isNull();
    }
  }

  @Test
  void aPodMeantToWaitForANodeIsRefusedByTheClassLimitsAndStartSaysSo() {
    Lab lab = course.requireLab("compute/capacity");
    String ns = "class-st-" + studentId(lab);
    try (KubernetesClient client = mock.student(ns)) {
      LabEngine engine = studentEngine(client, false);
      Placement p = Namespaced.placement(lab, ns);
      assertThat(engine.refusedByNamespaceLimits(lab, p)).containsExactlyInAnyOrder(
          "Deployment report asks for 500 cpu and sets no cpu limit; the namespace's LimitRange kubelab-class-limits gives it the"
              + " default limit 500m, below the request, so the API server refuses its pods before any scheduler sees them",
          "Deployment report asks for 500 cpu, more than the namespace's ResourceQuota kubelab-class-quota allows all pods together"
              + " (4), so the quota refuses its pods before any scheduler sees them");
    }
  }

  @Test
  void aRosterWhereOneStudentsNamespaceBeginsAnothersIsRefusedBeforeAnythingIsMade() throws Exception {
    // class-pf-ada-web would pass for ada's own: its further namespace for 'web', its volumes, its ClusterRoles
    assertThatThrownBy(() -> new Classroom(admin, "pf", course).create(Roster.parse("r.csv", "ada,Ada\nada-web,Ada W\n"),
        StudentLimits.DEFAULTS, 1, Files.createTempDirectory("kubelab-class"), m -> {}))
        .isInstanceOfSatisfying(KubelabException.class, e -> {
          assertThat(e.exitCode()).isEqualTo(KubelabException.USAGE);
          assertThat(e.getMessage()).contains("'ada' and 'ada-web'", "begins with class-pf-ada-");
        });
    assertThat(admin.namespaces().withName("class-pf-ada").get()).as("nothing made").isNull();
    MockClassroom.tokens(mock.server(), "class-pf-ada", "class-pf-adam");
    new Classroom(admin, "pf", course).create(Roster.parse("r.csv", "ada,Ada\nadam,Adam\n"), StudentLimits.DEFAULTS, 1,
        Files.createTempDirectory("kubelab-class"), m -> {});
    assertThat(admin.namespaces().withName("class-pf-adam").get()).as("a longer id without the dash is another student").isNotNull();
  }

  /** The engine as a student's kubelab makes it, with their client; {@code realCluster} lets the kinds that need one ask the mock. */
  static LabEngine studentEngine(KubernetesClient client, boolean realCluster) {
    return new LabEngine(course, loader.templates(), CheckKinds.builtIn(), client, realCluster);
  }

  static Map<String, CheckResult> byId(ExerciseResult r) {
    Map<String, CheckResult> out = new HashMap<>();
    r.checks().forEach(c -> out.put(c.id(), c));
    return out;
  }

  @Test
  void withoutRecordedNodeNamesTextSaysWhyChecksThatNameANodeFailAndSetupsThatNeedOneStopFirst() {
    String ns = "class-st-bare";
    try (KubernetesClient client = mock.student(ns)) {
      LabEngine engine = studentEngine(client, false);
      Lab workloads = course.requireLab("compute/workloads");
      Placement p = Placement.into(workloads, ns);
      engine.startInPlace(workloads, p, m -> {});
      assertThat(engine.instructions(workloads, workloads.exercises().get(0), p))
          .contains("kubectl describe node (node 1: your identity cannot list nodes)");

      Lab drs = course.requireLab("compute/drs-rules");
      Placement q = Placement.into(drs, ns);
      assertThatThrownBy(() -> engine.startInPlace(drs, q, m -> {})).isInstanceOfSatisfying(KubelabException.class, e -> {
        assertThat(e.exitCode()).isEqualTo(KubelabException.ENVIRONMENT);
        assertThat(e.getMessage()).contains("compute/drs-rules places objects on named nodes (setup.yaml)", Model.UNLISTED);
      });
      assertThat(admin.apps().deployments().inNamespace(ns).withName("db").get()).as("nothing applied").isNull();
      Exercise together = drs.exercise("keep-together").orElseThrow();
      ExerciseResult r = engine.grade(drs, together, q, LearnerState.of(Map.of(), Map.of()));
      assertThat(r.checks()).filteredOn(c -> c.id().equals("cache-with-db")).singleElement().satisfies(c -> {
        assertThat(c.status()).isEqualTo(CheckResult.Status.FAILED);
        assertThat(c.detail()).contains("cannot be graded with your credentials", "node names");
      });
      assertThat(r.checks()).filteredOn(c -> !c.id().equals("cache-with-db")).noneMatch(c -> c.detail().contains(Model.UNLISTED));
    }
  }
}
