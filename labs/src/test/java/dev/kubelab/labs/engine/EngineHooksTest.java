package dev.kubelab.labs.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelab.labs.addon.Addon;
import dev.kubelab.labs.addon.AddonContext;
import dev.kubelab.labs.addon.Addons;
import dev.kubelab.labs.api.Cluster;
import dev.kubelab.labs.api.Course;
import dev.kubelab.labs.api.Exercise;
import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.labs.api.Lab;
import dev.kubelab.labs.api.NodeCommand;
import dev.kubelab.labs.api.NodeShell;
import dev.kubelab.labs.api.Placement;
import dev.kubelab.labs.check.CheckKinds;
import dev.kubelab.labs.content.ContentSource;
import dev.kubelab.labs.content.CourseLoader;
import dev.kubelab.labs.testing.MockCluster;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the engine does around a lab's manifests: add-on hooks in order, node commands, Traefik and node-shell preflight. */
@EnableKubernetesMockClient(crud = true)
class EngineHooksTest {
  KubernetesClient client;
  CourseLoader loader;
  Course course;
  Lab basics;
  final List<String> calls = new ArrayList<>();
  final List<String> ranOnNodes = new ArrayList<>();

  @TempDir
  Path home;

  @BeforeEach
  void load() throws Exception {
    Path root = Path.of(getClass().getResource("/course-ok/course.yaml").toURI()).getParent();
    loader = new CourseLoader(ContentSource.directory(root), CheckKinds.builtIn());
    course = loader.load();
    basics = course.requireLab("demo/basics");
    client.nodes().resource(new NodeBuilder().withNewMetadata().withName("k3s-server").endMetadata()
        .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build())
        .createOr(NonDeletingOperation::update);
  }

  /** An add-on that records each call, healthy unless told otherwise. */
  final class Recording implements Addon {
    List<String> preflight = List.of();
    List<String> health = List.of();

    @Override
    public String id() {
      return "fake";
    }

    @Override
    public List<String> preflight(AddonContext c) {
      calls.add("preflight");
      return preflight;
    }

    @Override
    public void ensure(AddonContext c) {
      calls.add("ensure");
      c.progress().accept("installing fake");
    }

    @Override
    public List<String> health(AddonContext c) {
      return health;
    }

    @Override
    public Map<String, Object> model(AddonContext c, Lab lab, Map<String, Object> base) {
      calls.add("model " + base.get("ns"));
      return Map.of("value", "live");
    }

    @Override
    public void startLab(AddonContext c, Lab lab, Map<String, Object> model) {
      calls.add("startLab namespace=" + (client.namespaces().withName(String.valueOf(model.get("ns"))).get() != null));
    }

    @Override
    public void cleanupLab(AddonContext c, Lab lab, Map<String, Object> model) {
      calls.add("cleanupLab");
    }

    @Override
    public List<String> validateSolution(Object spec) {
      return List.of();
    }

    @Override
    public void applySolution(AddonContext c, Lab lab, Exercise exercise, Object spec, Map<String, Object> model) {
      calls.add("applySolution " + spec);
    }
  }

  /** A cluster on the mock with a node shell that records commands. */
  Cluster cluster(boolean withShell) {
    if (!withShell) return new MockCluster(client);
    return new MockCluster(client, new NodeShell() {
      @Override
      public List<String> nodes() {
        return List.of("k3s-server");
      }

      @Override
      public void copyTo(String node, Path local, String path) {
        ranOnNodes.add(node + ": copy " + local + " " + path);
      }

      @Override
      public Result exec(String node, List<String> command, Duration timeout) {
        ranOnNodes.add(node + ": " + String.join(" ", command));
        return command.get(2).contains("fail") ? new Result(1, "", "no such file") : new Result(0, "", "");
      }
    });
  }

  Lab lab(Lab.Requirements requires, List<NodeCommand> nodeSetup) {
    Exercise e = basics.exercises().get(0);
    Exercise.Solution s = e.solution();
    Exercise withSteps = new Exercise(e.id(), e.title(), e.vmware(), e.instructions(), e.points(), e.hints(),
        new Exercise.Solution(s.apply(), s.delete(), s.answers(), s.notes(), s.state(),
            List.of(new NodeCommand("${nodes[0]}", "touch /tmp/${ns}")), Map.of("fake", "commit-it")), e.checks());
    return new Lab(basics.id(), basics.chapterId(), basics.title(), basics.vmware(), null, requires, basics.namespaces(),
        basics.setup(), basics.cleanup(), List.of(withSteps), basics.identities(), nodeSetup,
        List.of(new NodeCommand("${nodes[0]}", "rm -f /tmp/${ns}")));
  }

  static Lab.Requirements needs(boolean traefik, boolean nodeAccess, List<String> addons) {
    return new Lab.Requirements(1, false, false, null, traefik, false, nodeAccess, addons);
  }

  @Test
  void addOnsAreReadiedBeforeTheLabAndSeeItsNamespaceAndSolution() {
    Recording fake = new Recording();
    LabEngine engine = new LabEngine(course, loader.templates(), CheckKinds.builtIn(), cluster(true), false,
        new Addons(List.of(fake)), home);
    Lab lab = lab(needs(false, true, List.of("fake")), List.of(new NodeCommand("${nodes[0]}", "echo ${fake.value} > /tmp/x")));
    Placement p = Placement.prefixed(lab, "h1");
    List<String> progress = new ArrayList<>();

    engine.start(lab, p, progress::add);
    assertThat(calls).containsSubsequence("preflight", "ensure", "model h1", "startLab namespace=true");
    assertThat(progress).contains("installing fake");
    assertThat(ranOnNodes).containsExactly("k3s-server: sh -c echo live > /tmp/x");
    assertThat(engine.model(lab, p)).containsEntry("fake", Map.of("value", "live"));

    engine.applySolution(lab, lab.exercises().get(0), p, m -> {});
    assertThat(calls).contains("applySolution commit-it");
    assertThat(ranOnNodes).contains("k3s-server: sh -c touch /tmp/h1");

    engine.cleanup(lab, p, m -> {}, Duration.ofSeconds(5));
    assertThat(calls).last().isEqualTo("cleanupLab");
    assertThat(ranOnNodes).last().isEqualTo("k3s-server: sh -c rm -f /tmp/h1");
  }

  @Test
  void anAddOnsProblemsStopTheLabBeforeAnythingIsCreated() {
    Recording fake = new Recording();
    fake.preflight = List.of("needs 1 GiB more memory");
    LabEngine engine = new LabEngine(course, loader.templates(), CheckKinds.builtIn(), cluster(true), false,
        new Addons(List.of(fake)), home);
    Lab lab = lab(needs(false, false, List.of("fake")), List.of());
    assertThatThrownBy(() -> engine.start(lab, Placement.prefixed(lab, "h2"), m -> {}))
        .isInstanceOf(KubelabException.class).hasMessageContaining("needs 1 GiB more memory");
    assertThat(calls).doesNotContain("ensure");
    assertThat(client.namespaces().withName("h2").get()).isNull();

    fake.preflight = List.of();
    fake.health = List.of("source-controller is not Ready");
    assertThat(engine.health(lab)).containsExactly("source-controller is not Ready");
  }

  @Test
  void aFailingNodeCommandStopsTheStartWithWhatItSaid() {
    LabEngine engine = new LabEngine(course, loader.templates(), CheckKinds.builtIn(), cluster(true), false, Addons.builtIn(), home);
    Lab lab = lab(needs(false, true, List.of()), List.of(new NodeCommand("k3s-server", "cat /fail")));
    assertThatThrownBy(() -> engine.start(lab, Placement.prefixed(lab, "h3"), m -> {}))
        .isInstanceOf(KubelabException.class).hasMessageContaining("failed on k3s-server (exit 1): no such file");
  }

  @Test
  void nodeLabsAreRefusedOnARealClusterWithoutANodeShell() {
    LabEngine engine = new LabEngine(course, loader.templates(), CheckKinds.builtIn(), cluster(false), true, Addons.builtIn(), home);
    assertThat(engine.preflight(lab(needs(false, true, List.of()), List.of())))
        .anyMatch(p -> p.contains("runs commands on the cluster's nodes") && p.contains("without --kubeconfig"));
    assertThat(engine.preflight(lab(needs(false, false, List.of()), List.of()))).isEmpty();
  }

  @Test
  void traefikLabsNeedTraefik() {
    LabEngine engine = new LabEngine(course, loader.templates(), CheckKinds.builtIn(), client, false);
    Lab lab = lab(needs(true, false, List.of()), List.of());
    assertThat(engine.preflight(lab)).anyMatch(p -> p.contains("Traefik") && p.contains("your cluster does not run")
        && !p.contains("--traefik"));
    LabEngine onOwnK3s = new LabEngine(course, loader.templates(), CheckKinds.builtIn(), cluster(true), false, Addons.builtIn(), home);
    assertThat(onOwnK3s.preflight(lab)).anyMatch(p -> p.contains("Traefik") && p.contains("start kubelab with --traefik"));
    client.network().v1().ingressClasses().resource(new IngressClassBuilder().withNewMetadata().withName("traefik").endMetadata()
        .withNewSpec().withController("traefik.io/ingress-controller").endSpec().build()).create();
    assertThat(engine.preflight(lab)).isEmpty();
  }

  @Test
  void anUnknownAddOnIsNamed() {
    LabEngine engine = new LabEngine(course, loader.templates(), CheckKinds.builtIn(), cluster(true), false, Addons.builtIn(), home);
    assertThat(engine.preflight(lab(needs(false, false, List.of("nope")), List.of())))
        .anyMatch(p -> p.contains("needs the add-on 'nope'"));
  }
}
