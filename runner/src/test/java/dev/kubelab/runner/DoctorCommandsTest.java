package dev.kubelab.runner;

import static dev.kubelab.runner.RunResultAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelab.labs.addon.Addons;
import dev.kubelab.labs.api.Course;
import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.labs.api.Lab;
import dev.kubelab.labs.check.CheckKinds;
import dev.kubelab.labs.classroom.Namespaced;
import dev.kubelab.labs.cluster.ClusterOptions;
import dev.kubelab.labs.content.ContentSource;
import dev.kubelab.labs.content.CourseLoader;
import dev.kubelab.labs.doctor.Machine;
import dev.kubelab.labs.doctor.MachineProbe;
import dev.kubelab.labs.engine.LabEngine;
import dev.kubelab.labs.testing.StudentMock;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewStatusBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 'doctor' through the command, the packaged course, machine facts given by hand and the mock API
 * server: a cluster admin on one node without Traefik, a class student whose every cluster-wide
 * question is refused, and machines with and without a container engine.
 */
class DoctorCommandsTest {
  static final long GIB = 1024L * 1024 * 1024;
  static final String STUDENT_NS = "class-dr-s01";
  static StudentMock mock;
  static Course course;

  @TempDir
  Path home;

  @BeforeAll
  static void oneNodeWithoutTraefik() {
    mock = StudentMock.start();
    KubernetesClient admin = mock.admin();
    admin.nodes().resource(new NodeBuilder().withNewMetadata().withName("k3s-server")
        .addToLabels("node-role.kubernetes.io/control-plane", "true").endMetadata()
        .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition()
        .withNewNodeInfo().withKubeletVersion("v1.35.5").endNodeInfo().endStatus().build()).create();
    admin.storage().v1().storageClasses().resource(new StorageClassBuilder().withNewMetadata().withName("local-path")
        .addToAnnotations("storageclass.kubernetes.io/is-default-class", "true").endMetadata()
        .withProvisioner("rancher.io/local-path").build()).create();
    admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(STUDENT_NS).endMetadata().build()).create();
    // the admin may do anything: the API server's answer to every SelfSubjectAccessReview it asks
    KubernetesSerialization json = new KubernetesSerialization();
    mock.server().expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews").andReply(201, request -> {
      SelfSubjectAccessReview r = json.unmarshal(request.getUtf8Body(), SelfSubjectAccessReview.class);
      r.setStatus(new SubjectAccessReviewStatusBuilder().withAllowed(true).build());
      return r;
    }).always();
    course = new CourseLoader(ContentSource.classpath(), CheckKinds.builtIn()).load();
  }

  @AfterAll
  static void close() {
    mock.close();
  }

  /** A Linux machine with a rootful Docker Engine on cgroup v2, plenty of memory, every module and the image. */
  static Machine healthy() {
    Machine.Engine docker = new Machine.Engine("unix:///var/run/docker.sock", "lab-host", "Ubuntu 24.04 LTS", "27.5.1", false,
        OptionalInt.of(2), 8, 16 * GIB, List.of());
    return new Machine(Optional.of(docker), "", List.of(), true, 8, OptionalLong.of(12 * GIB), OptionalInt.of(2),
        Map.of("ip_tables", Machine.Module.PRESENT, "ip_set", Machine.Module.PRESENT, "xt_set", Machine.Module.PRESENT,
            "br_netfilter", Machine.Module.PRESENT),
        new Machine.Image(Machine.ImageState.PRESENT, "rancher/k3s is in the engine already"));
  }

  /** The same machine with no engine answering and no socket to be found. */
  static Machine noEngine() {
    Machine h = healthy();
    return new Machine(Optional.empty(), "no DOCKER_HOST, no socket answered", List.of(), true, h.cpus(), h.memoryAvailable(),
        h.cgroupVersion(), h.kernel(), new Machine.Image(Machine.ImageState.UNKNOWN, "no container engine to ask"));
  }

  @Test
  void aClusterAdminOnOneNodeWithoutTraefikSeesWhatEveryLabLacks() throws Exception {
    RunResult r = run(() -> new TestCluster(mock.admin()), image -> healthy(), "--kubeconfig", "admin.yaml", "doctor");
    assertThat(r).exitedWith(0).outContains("✔ container engine", "Docker Engine 27.5.1",
        "✔ nodes", "1 node, 1 Ready", "! Traefik", "not installed", "! NetworkPolicy", "not proven yet", "--recheck",
        "! node access", "✔ permissions", "you may create namespaces, list nodes, create cluster-scoped objects",
        "Nothing blocks kubelab here.");
    // the very reasons 'start' and 'list' give: the engine's own preflight on the same cluster
    LabEngine engine = new LabEngine(course, new CourseLoader(ContentSource.classpath(), CheckKinds.builtIn()).templates(),
        CheckKinds.builtIn(), new TestCluster(mock.admin()), false, Addons.builtIn(), home);
    Map<String, List<String>> refused = new java.util.LinkedHashMap<>();
    engine.preflight(course.labs()).forEach((lab, why) -> {
      if (!why.isEmpty()) refused.put(lab, why);
    });
    assertThat(refused).containsKeys("networking/ingress", "compute/drs-rules").doesNotContainKey("storage/dynamic-provisioning");
    assertThat(r).outContains("Labs: " + (course.labs().size() - refused.size()) + " of " + course.labs().size() + " can run here; these cannot:");
    refused.forEach((lab, why) -> assertThat(lineOf(r, lab)).endsWith(" — " + why.get(0)));
    assertThat(lineOf(r, "gitops/first-commit")).contains("gitops/drift, ").contains("KUBELAB_GIT_BASE_URL");
    assertThat(r.out()).doesNotContain("storage/dynamic-provisioning");
  }

  @Test
  void aRememberedProofThatPoliciesAreNotEnforcedRefusesThePolicyLabs() throws Exception {
    Files.createDirectories(home);
    Files.writeString(home.resolve("clusters.json"), "{\"" + mock.admin().getMasterUrl() + "\": {\"networkPolicyEnforced\": false,"
        + " \"provenAt\": \"2026-02-01T09:00:00Z\"}}");
    RunResult r = run(() -> new TestCluster(mock.admin()), image -> healthy(), "--kubeconfig", "admin.yaml", "doctor");
    assertThat(r).exitedWith(0).outContains("! NetworkPolicy", "NOT enforced (proven 2026-02-01T09:00:00Z)",
        "networking/micro-segmentation, networking/tenant-isolation — the lab grades NetworkPolicies by real traffic,"
            + " and this cluster does not enforce them");
  }

  @Test
  void aClassStudentIsToldWhatTheNamespaceAllowsAndWhichLabsItCannotHold() {
    RunResult r = run(() -> new TestCluster(mock.student(STUDENT_NS)), image -> healthy(),
        "--kubeconfig", "s01.yaml", "--namespace", STUDENT_NS, "doctor");
    assertThat(r).exitedWith(0).outContains("! nodes", "your identity may not list nodes",
        "! Traefik", "may not look for it", "✔ identity", "labs run in your namespace " + STUDENT_NS,
        "! permissions", "you work in your namespace only, and may not create namespaces, list nodes,", "create CustomResourceDefinitions");
    assertThat(r).outDoesNotContain("✔ permissions");
    List<String> unavailable = new ArrayList<>();
    for (Lab lab : course.labs()) {
      Namespaced.unavailable(lab).ifPresent(why -> {
        unavailable.add(lab.id());
        assertThat(lineOf(r, lab.id())).endsWith(" — it " + why);
      });
    }
    assertThat(unavailable).contains("networking/micro-segmentation", "gitops/first-commit");
    assertThat(mock.refused()).anyMatch(line -> line.contains("/api/v1/nodes"));
  }

  @Test
  void noContainerEngineBlocksTheEmbeddedClusterAndSaysHowOutWithoutStartingAnything() {
    RunResult r = run(() -> {
      throw new AssertionError("doctor must not start the embedded cluster");
    }, image -> noEngine(), "doctor");
    assertThat(r).exitedWith(KubelabException.ENVIRONMENT).openedNoCluster()
        .outContains("✘ container engine", "no socket answered", "colima start", "--kubeconfig",
            "none checked", "1 problem blocks kubelab here");
  }

  @Test
  void withAClusterOfYourOwnAMissingEngineIsOnlyANote() {
    RunResult r = run(() -> new TestCluster(mock.admin()), image -> noEngine(), "--kubeconfig", "admin.yaml", "doctor");
    assertThat(r).exitedWith(0).outContains("! container engine", "only kubelab's embedded k3s needs it", "✔ nodes");
  }

  @Test
  void anUnreachableClusterBlocksWithItsReason() {
    RunResult r = run(() -> {
      throw KubelabException.environment("cannot reach the cluster at https://10.9.9.9:6443: connect timed out",
          "is it running, and is this the right kubeconfig and context?");
    }, image -> healthy(), "--kubeconfig", "gone.yaml", "doctor");
    assertThat(r).exitedWith(KubelabException.ENVIRONMENT).outContains("✘ cluster", "connect timed out",
        "fix: is it running", "1 problem blocks kubelab here");
  }

  @Test
  void aKubeconfigThatIsNotThereIsBadInputNotAnEnvironmentProblem() {
    RunResult r = run(() -> {
      throw KubelabException.usage("no kubeconfig at /nowhere/admin.yaml", "give the path of an existing kubeconfig file to --kubeconfig");
    }, image -> healthy(), "--kubeconfig", "/nowhere/admin.yaml", "doctor");
    assertThat(r).exitedWith(KubelabException.USAGE).errContains("error: no kubeconfig at /nowhere/admin.yaml", "hint: give the path");
  }

  @Test
  void theProbeIsAskedAboutTheK3sImageKubelabWouldStart() {
    List<String> asked = new ArrayList<>();
    run(() -> new TestCluster(mock.admin()), image -> {
      asked.add(image);
      return healthy();
    }, "--k3s-image", "harbor.corp/hub/rancher/k3s:v1.35.5-k3s1", "doctor");
    assertThat(asked).containsExactly("harbor.corp/hub/rancher/k3s:v1.35.5-k3s1");
    asked.clear();
    run(() -> new TestCluster(mock.admin()), image -> {
      asked.add(image);
      return healthy();
    }, "doctor");
    assertThat(asked).containsExactly(ClusterOptions.DEFAULT_K3S_IMAGE);
  }

  @Test
  void inTheShellTheRunningEmbeddedClusterIsCheckedAndAgreesWithListOnWhatItCannotRun() throws Exception {
    Files.createDirectories(home);
    Files.writeString(home.resolve("clusters.json"), "{\"" + mock.admin().getMasterUrl() + "\": {\"networkPolicyEnforced\": false,"
        + " \"provenAt\": \"2026-02-01T09:00:00Z\"}}");
    String screen = shell("list\ndoctor\n", () -> {
      TestCluster c = new TestCluster(mock.admin());
      c.nodeShell = new TestCluster.FakeNodeShell("k3s-server");
      return c;
    }, image -> healthy());
    String doctor = screen.substring(screen.indexOf("This machine"));
    assertThat(doctor).contains("(runs kubelab's embedded k3s)", "✔ node access", "reach k3s-server",
        "Traefik", "a lab that needs it gets a cluster with it", "Labs: " + (course.labs().size() - 2) + " of " + course.labs().size());
    String reason = "the lab grades NetworkPolicies by real traffic, and this cluster does not enforce them";
    String list = screen.substring(0, screen.indexOf("This machine"));
    assertThat(list.split(java.util.regex.Pattern.quote("cannot run on this cluster: " + reason), -1)).hasSize(3);
    assertThat(doctor).contains("networking/micro-segmentation, networking/tenant-isolation — " + reason);
  }

  @Test
  void helpSaysWhatItChecksAndTheExitCode() {
    RunResult r = run(() -> new TestCluster(mock.admin()), image -> healthy(), "doctor", "--help");
    assertThat(r).exitedWith(0).openedNoCluster().outContains("container engine", "--cgroups", "Exit code 3");
  }

  /** The line of the labs summary that names this lab. */
  private static String lineOf(RunResult r, String lab) {
    return r.out().lines().filter(l -> l.startsWith("  ") && List.of(l.substring(0, Math.max(0, l.indexOf(" — "))).strip().split(", "))
        .contains(lab)).findFirst().orElseThrow(() -> new AssertionError("no line names " + lab + " in:\n" + r.out()));
  }

  /** Runs the shell (the embedded cluster, opened at start) on a dumb terminal reading {@code input}; returns the screen. */
  private String shell(String input, Supplier<dev.kubelab.labs.api.Cluster> clusters, MachineProbe machine) {
    java.io.ByteArrayOutputStream screen = new java.io.ByteArrayOutputStream();
    Environment env = new Environment(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), Map.of(), home.getParent(),
        Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC), (options, progress) -> clusters.get(), false,
        () -> new org.jline.terminal.impl.DumbTerminal("kubelab-test", org.jline.terminal.Terminal.TYPE_DUMB,
            new java.io.ByteArrayInputStream(input.getBytes(java.nio.charset.StandardCharsets.UTF_8)), screen,
            java.nio.charset.StandardCharsets.UTF_8),
        Duration.ofMillis(10), false, machine);
    new Main(env).run("--home", home.toString());
    return screen.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  private RunResult run(Supplier<dev.kubelab.labs.api.Cluster> clusters, MachineProbe machine, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    boolean[] opened = {false};
    Environment env = new Environment(new PrintWriter(out), new PrintWriter(err), Map.of(), home.getParent(),
        Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC), (options, progress) -> {
          dev.kubelab.labs.api.Cluster c = clusters.get();
          opened[0] = true;
          return c;
        }, false, () -> {
          throw new IOException("no terminal in tests");
        }, Duration.ofMillis(10), false, machine);
    List<String> all = new ArrayList<>(List.of("--home", home.toString()));
    all.addAll(List.of(args));
    int code = new Main(env).run(all.toArray(String[]::new));
    return new RunResult(code, out.toString(), err.toString(), opened[0]);
  }
}
