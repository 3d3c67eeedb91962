package dev.kubelab.runner.classroom;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubelab.labs.api.CheckSpec;
import dev.kubelab.labs.api.Course;
import dev.kubelab.labs.api.Exercise;
import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.labs.api.Lab;
import dev.kubelab.labs.api.Placement;
import dev.kubelab.labs.classroom.Namespaced;
import dev.kubelab.labs.check.CheckKinds;
import dev.kubelab.labs.classroom.MockClassroom;
import dev.kubelab.labs.content.ContentSource;
import dev.kubelab.labs.content.CourseLoader;
import dev.kubelab.labs.engine.LabEngine;
import dev.kubelab.labs.testing.MockState;
import dev.kubelab.labs.testing.StudentMock;
import dev.kubelab.runner.serve.ResidentServer;
import dev.kubelab.runner.serve.ServeClient;
import dev.kubelab.runner.serve.ServeKey;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged course in a class, through the commands, with a student's own kubeconfig on a mock
 * API server that answers as RBAC would (403 outside the student's namespace): for every lab
 * 'list' offers, start, task, hint, check, answer, solution --apply, reset, and the instructor's
 * 'class grade' agreeing exactly with what the student's 'check' said, answers included.
 */
class StudentCommandsTest {
  static final String CLASS = "sc";
  /** {@code -Dkubelab.lab=compute/workloads} runs one lab only (while working on it). */
  static final String ONLY = System.getProperty("kubelab.lab", "");
  /** Solutions the class's RBAC refuses to apply (the role {@code admin} may not write ResourceQuotas), and what it names. */
  /** What the class's quota refuses, as StudentLabsTest.REFUSED says. */
  static final Map<String, String> REFUSED = Map.of(
      "networking/services/nodeport", "the namespace's ResourceQuota does not allow it (exceeded quota: kubelab-class-quota, requested: services.nodeports=1",
      "networking/services/loadbalancer", "the namespace's ResourceQuota does not allow it (exceeded quota: kubelab-class-quota, requested: services.loadbalancers=1");
  static final Pattern SCORE = Pattern.compile("(\\d+(?:\\.\\d)?)/(\\d+) pts");

  static StudentMock mock;
  static KubernetesClient admin;
  static Course course;
  static CourseLoader loader;
  static LabEngine instructorEngine;
  static Path root;
  static List<String> offered;

  @BeforeAll
  static void aClass(@TempDir Path tmp) throws Exception {
    root = tmp;
    mock = StudentMock.start();
    admin = mock.admin();
    MockState.seedK3s(admin);
    MockState.serveGatewayApi(admin); // k3s installs them with Traefik, which the class's ingress lab needs
    loader = new CourseLoader(ContentSource.classpath(), CheckKinds.builtIn());
    course = loader.load();
    instructorEngine = new LabEngine(course, loader.templates(), CheckKinds.builtIn(), admin, false);
    List<String> ids = Stream.concat(course.labs().stream().map(StudentCommandsTest::student), Stream.of("solo", "served")).toList();
    MockClassroom.tokens(mock.server(), ids.stream().map(id -> "class-" + CLASS + "-" + id).toArray(String[]::new));
    MockClassroom.reviews(mock.server(), MockClassroom.rbac());
    Path roster = tmp.resolve("roster.csv");
    Files.writeString(roster, String.join("\n", ids.stream().map(id -> id + "," + id).toList()) + "\n");
    ClassKubelab.Result created = instructor().run("class", "create", roster.toString(), "--name", CLASS, "--out", tmp.resolve("class").toString());
    assertThat(created.exitCode()).as(created.err()).isZero();
    // what 'list' offers a student of the class
    ClassKubelab.Result list = student("compute/workloads").run("list", "--json");
    assertThat(list.exitCode()).as(list.err()).isZero();
    offered = StreamSupport.stream(new ObjectMapper().readTree(list.out()).path("chapters").spliterator(), false)
        .flatMap(ch -> StreamSupport.stream(ch.path("labs").spliterator(), false))
        .filter(l -> l.path("unavailable").isNull()).map(l -> l.path("id").asText()).toList();
  }

  @AfterAll
  static void close() {
    mock.close();
  }

  static String student(Lab lab) {
    return lab.id().replace('/', '-') + "0"; // "security-rbac-" would begin "security-rbac-troubleshooting": one class refuses both
  }

  static ClassKubelab instructor() {
    ClassKubelab k = new ClassKubelab(root.resolve("instructor-home"), admin);
    k.content = null;
    return k;
  }

  static ClassKubelab student(String labId) {
    String id = labId.replace('/', '-') + "0";
    ClassKubelab k = new ClassKubelab(root.resolve(id + "-home"), mock.student("class-" + CLASS + "-" + id));
    k.content = null;
    k.kubeconfig = root.resolve("class/kubeconfigs/" + id + ".yaml");
    return k;
  }

  @TestFactory
  Stream<DynamicTest> aStudentWorksThroughEveryLabListOffers() {
    assertThat(offered).contains("compute/workloads", "compute/drs-rules", "security/secrets", "storage/static-provisioning",
        "security/pod-security", "security/service-accounts").hasSizeGreaterThanOrEqualTo(19);
    return offered.stream().filter(id -> ONLY.isEmpty() || id.equals(ONLY))
        .map(id -> DynamicTest.dynamicTest(id, () -> worksThrough(course.requireLab(id))));
  }

  /** Whether the gradebook leaves the exercise out: the class refuses its solution, or cannot grade it (its reason at start). */
  private static boolean leftOut(Lab lab, Exercise e, Placement placement) {
    return REFUSED.containsKey(lab.id() + "/" + e.id()) || instructorEngine.classUnavailable(lab, e, placement).isPresent();
  }

  private void worksThrough(Lab lab) throws Exception {
    ClassKubelab student = student(lab.id());
    String ns = "class-" + CLASS + "-" + student(lab);
    Placement placement = Namespaced.placement(lab, ns);
    ClassKubelab.Result started = ok(student.run("start", lab.id()), "start");
    // a setup pod the class's quota refuses (capacity's 500-CPU report) is named at the start, and no other
    assertThat(started.out().contains("note: in your namespace, Deployment report asks for 500 cpu"))
        .as(started.out()).isEqualTo(lab.id().equals("compute/capacity"));
    for (Exercise e : lab.exercises()) {
      // what the class refuses is said at the start, and the gradebook leaves it out (below)
      if (REFUSED.containsKey(lab.id() + "/" + e.id())) {
        assertThat(started.out()).contains("note: in your class, exercise " + e.id() + " cannot be done: it opens a node port");
      }
      if (leftOut(lab, e, placement)) assertThat(started.out()).contains("note: in your class, exercise " + e.id() + " cannot be done: it ");
    }
    ok(student.run("task"), "task");
    for (int i = 0; i < lab.exercises().size(); i++) {
      Exercise e = lab.exercises().get(i);
      ok(student.run("hint"), "hint " + e.id());
      graded(student.run("check"), "check " + e.id());
      Map<String, String> answers = instructorEngine.solutionAnswers(lab, e, placement);
      for (CheckSpec q : e.checks()) {
        String value = answers.get(e.id() + "/" + q.id());
        if (value != null && (q.kind().equals("answer") || q.kind().equals("choice"))) graded(student.run("answer", q.id(), value), "answer " + q.id());
      }
      ClassKubelab.Result applied = student.run("solution", "--apply");
      String refused = REFUSED.get(lab.id() + "/" + e.id());
      if (refused != null) {
        assertThat(applied.exitCode()).as(applied.err()).isEqualTo(KubelabException.ENVIRONMENT);
        assertThat(applied.err()).contains(refused).doesNotContain("internal error", "credentials");
      } else {
        ok(applied, "solution --apply " + e.id());
      }
      if (e.solution().state() != null) {
        MockState.apply(admin, loader.templates().render(e.solution().state(), instructorEngine.model(lab, placement)), ns);
      }
      if (i < lab.exercises().size() - 1) ok(student.run("next"), "next");
    }
    // the student checks every exercise, last to first; the instructor's gradebook must say the same
    List<String> mine = new ArrayList<>();
    for (int i = lab.exercises().size() - 1; i >= 0; i--) {
      ClassKubelab.Result check = graded(student.run("check"), "check " + lab.exercises().get(i).id());
      Matcher m = SCORE.matcher(check.out().lines().filter(l -> l.contains(" pts")).reduce((a, b) -> b).orElse(""));
      assertThat(m.find()).as(check.out()).isTrue();
      if (!leftOut(lab, lab.exercises().get(i), placement)) mine.add(0, m.group(1));
      if (i > 0) ok(student.run("prev"), "prev");
    }
    Path out = root.resolve("grades-" + student(lab));
    ClassKubelab.Result grade = instructor().run("class", "grade", "--name", CLASS, "--lab", lab.id(), "--out", out.toString());
    ok(grade, "class grade");
    JsonNode book = new ObjectMapper().readTree(out.resolve("gradebook-" + lab.id().replace('/', '-') + ".json").toFile());
    JsonNode row = StreamSupport.stream(book.path("rows").spliterator(), false)
        .filter(r -> r.path("student").asText().equals(student(lab))).findFirst().orElseThrow();
    List<String> theirs = new ArrayList<>();
    List<String> solutions = new ArrayList<>();
    for (JsonNode cell : row.path("cells")) {
      double d = cell.path("score").asDouble();
      theirs.add(d == Math.rint(d) ? String.valueOf((long) d) : String.format(java.util.Locale.ROOT, "%.1f", d));
      solutions.add(cell.path("solution").asText());
    }
    assertThat(theirs).as("the instructor's gradebook agrees with the student's own checks").isEqualTo(mine);
    assertThat(solutions).as("every solution the student applied is in the gradebook; what the class refuses is left out")
        .isEqualTo(lab.exercises().stream().filter(e -> !leftOut(lab, e, placement)).map(e -> "applied").toList());
    for (String refused : REFUSED.keySet()) {
      if (refused.startsWith(lab.id() + "/")) {
        assertThat(book.path("leftOut").toString()).contains(refused, "opens a node port");
      }
    }
    ok(student.run("reset"), "reset");
  }

  @org.junit.jupiter.api.Test
  void aChapterIsGradedWithoutItsLabsThatCannotRunInAClassEachNamedWithWhy() throws Exception {
    Path out = root.resolve("grades-compute");
    ClassKubelab.Result grade = instructor().run("class", "grade", "--name", CLASS, "--chapter", "compute", "--out", out.toString());
    ok(grade, "class grade --chapter compute");
    assertThat(grade.out()).contains("left out: compute/host-groups — it runs commands on the cluster's nodes",
        "left out: compute/static-pods — it is about k3s's own parts").doesNotContain("error:");
    JsonNode book = new ObjectMapper().readTree(out.resolve("gradebook-compute.json").toFile());
    assertThat(book.path("leftOut")).hasSize(2);
    assertThat(StreamSupport.stream(book.path("columns").spliterator(), false).map(c -> c.path("lab").asText()).distinct().toList())
        .containsExactly("compute/workloads", "compute/capacity", "compute/drs-rules");
    assertThat(Files.readString(out.resolve("gradebook-compute.csv")).lines().findFirst().orElseThrow())
        .contains("compute/host-groups (left out: it runs commands on the cluster's nodes");
    // a lab that cannot run in a class at all is still refused, with why
    ClassKubelab.Result refused = instructor().run("class", "grade", "--name", CLASS, "--lab", "compute/host-groups", "--out", out.toString());
    assertThat(refused.exitCode()).isEqualTo(KubelabException.USAGE);
    assertThat(refused.err()).contains("lab compute/host-groups cannot be graded in students' namespaces: it runs commands on the cluster's nodes");
  }

  @org.junit.jupiter.api.Test
  void verifySaysWhichLabsTheClassCanRunAndWhyNotTheOthers() {
    ClassKubelab.Result verify = instructor().run("class", "verify", "--name", CLASS);
    ok(verify, "class verify");
    assertThat(verify.out()).contains("Labs the class can run: " + offered.size() + " of " + course.labs().size(), "compute/workloads",
        "storage/storage-classes", "security/rbac-troubleshooting",
        "security/rbac", "unavailable: platform/extend-api — it creates CustomResourceDefinitions: a new API for the whole cluster",
        "unavailable: security/guardrails — it creates ValidatingAdmissionPolicies, and the API server exempts those from admission");
  }

  @org.junit.jupiter.api.Test
  void answersGivenOnlyBySolutionApplyReachTheGradebookAndTheViewIsRecorded() throws Exception {
    Lab lab = course.requireLab("compute/drs-rules");
    ClassKubelab solo = new ClassKubelab(root.resolve("solo-home"), mock.student("class-" + CLASS + "-solo"));
    solo.content = null;
    solo.kubeconfig = root.resolve("class/kubeconfigs/solo.yaml");
    ok(solo.run("start", lab.id()), "start");
    ok(solo.run("solution", "--apply"), "solution --apply"); // answers fourth-replica, never through 'answer'
    Exercise first = lab.exercises().get(0);
    MockState.apply(admin, loader.templates().render(first.solution().state(), instructorEngine.model(lab, Placement.into(lab,
        "class-" + CLASS + "-solo"))), "class-" + CLASS + "-solo");
    ClassKubelab.Result check = graded(solo.run("check"), "check");
    assertThat(check.out()).contains("✔ fourth-replica", "✔ Exercise passed: 4/4 pts");
    ok(solo.run("next"), "next");
    ok(solo.run("solution"), "solution"); // viewed only
    Path out = root.resolve("grades-solo");
    ok(instructor().run("class", "grade", "--name", CLASS, "--lab", lab.id(), "--out", out.toString()), "class grade");
    List<String> csv = Files.readAllLines(out.resolve("gradebook-compute-drs-rules.csv"));
    assertThat(csv.get(0)).endsWith(",total,max,error,solutions");
    assertThat(csv).anySatisfy(l -> assertThat(l).startsWith("solo,solo,,cluster,4,")
        .endsWith("compute/drs-rules/separate-hosts applied; compute/drs-rules/keep-together viewed"));
    ClassKubelab.Result table = instructor().run("class", "grade", "--name", CLASS, "--lab", lab.id(), "--out", out.toString());
    assertThat(table.out()).contains("✔a  ✘v  ✘ ", "v: the student viewed the reference solution, a: applied it");
  }

  /**
   * A student's one-shot commands answered by the background server say, exit with and save what
   * they do in their own process: class mode, the student's 403s and the namespace's records
   * included.
   */
  @org.junit.jupiter.api.Test
  void aStudentsCommandsAnsweredByABackgroundServerAreTheirOwnProcesssToTheByte() throws Exception {
    Lab lab = course.requireLab("compute/workloads");
    ClassKubelab served = new ClassKubelab(root.resolve("served-home"), mock.student("class-" + CLASS + "-served"));
    served.content = null;
    served.kubeconfig = root.resolve("class/kubeconfigs/served.yaml");
    ok(served.run("start", lab.id()), "start");
    Path jar = Files.writeString(root.resolve("served.jar"), "this build");
    java.util.function.Function<List<String>, ServeKey> key = words -> ServeKey.of(words, Map.of(), root, jar, root).orElseThrow();
    StringWriter log = new StringWriter();
    ResidentServer server = new ResidentServer(key.apply(served.line("serve")), served.environment(new PrintWriter(log),
        new PrintWriter(log)), java.time.Duration.ofMinutes(5), () -> true, new PrintWriter(log, true));
    Thread serving = new Thread(() -> {
      try {
        server.run(() -> {});
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    serving.start();
    try {
      for (int i = 0; i < 200 && !Files.exists(key.apply(served.line("check")).socket()); i++) Thread.sleep(10);
      Path progress = served.home.resolve("progress.json");
      for (List<String> words : List.of(List.of("task"), List.of("check"), List.of("progress"), List.of("hint"), List.of("list"),
          List.of("check"))) {
        String[] args = words.toArray(String[]::new);
        String before = Files.readString(progress);
        ClassKubelab.Result own = served.run(args);
        String afterOwn = Files.readString(progress);
        Files.writeString(progress, before);
        var out = new java.io.ByteArrayOutputStream();
        var err = new java.io.ByteArrayOutputStream();
        ServeClient.Attempt a = ServeClient.attempt(key.apply(served.line(args)), Map.of(), false, out, err);
        assertThat(a.code()).as(words + ": answered by the server").isEqualTo(own.exitCode());
        assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8)).as(words + ": output").isEqualTo(own.out());
        assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8)).as(words + ": error output").isEqualTo(own.err());
        assertThat(Files.readString(progress)).as(words + ": progress").isEqualTo(afterOwn);
      }
    } finally {
      server.stop("the test is over");
      serving.join(10_000);
    }
  }

  private static ClassKubelab.Result ok(ClassKubelab.Result r, String what) {
    assertThat(r.exitCode()).as(what + ":\n" + r.out() + r.err()).isZero();
    return r;
  }

  /** Graded: passed (0) or a check failed (1), never an error. */
  private static ClassKubelab.Result graded(ClassKubelab.Result r, String what) {
    assertThat(r.exitCode()).as(what + ":\n" + r.out() + r.err()).isIn(0, 1);
    return r;
  }
}
