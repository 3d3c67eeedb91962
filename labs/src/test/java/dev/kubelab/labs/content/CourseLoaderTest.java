package dev.kubelab.labs.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelab.labs.api.Course;
import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.labs.api.Lab;
import dev.kubelab.labs.check.CheckKinds;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CourseLoaderTest {
  static Path resource(String name) throws Exception {
    return Path.of(CourseLoaderTest.class.getResource("/" + name + "/course.yaml").toURI()).getParent();
  }

  @Test
  void loadsAValidCourse() throws Exception {
    Course course = new CourseLoader(ContentSource.directory(resource("course-ok")), CheckKinds.builtIn()).load();
    Lab lab = course.requireLab("demo/basics");
    assertThat(lab.exercises()).extracting(e -> e.id()).containsExactly("config", "class");
    assertThat(lab.exercises().get(0).hints()).hasSize(2);
    assertThat(lab.exercises().get(0).hints().get(1).when()).isEqualTo("mode-on");
    assertThat(lab.setup()).containsExactly("chapters/demo/basics/setup.yaml");
    assertThat(lab.namespaces()).containsExactly("main");
    assertThat(course.images()).containsEntry("busybox", "docker.io/library/busybox:1.37.0");
  }

  @Test
  void reportsEveryProblemWithFileLineAndField() throws Exception {
    CourseLoader loader = new CourseLoader(ContentSource.directory(resource("course-broken")), CheckKinds.builtIn());
    assertThatThrownBy(loader::load).isInstanceOfSatisfying(KubelabException.class, e -> {
      assertThat(e.exitCode()).isEqualTo(KubelabException.USAGE);
      assertThat(e.getMessage())
          .contains("chapters/demo/basics/lab.yaml:15 (exercises[0].checks[0]): kind: unknown kind 'feild' (did you mean 'field'?)")
          .contains("duplicate check id 'mode-on'")
          .contains("equal: unknown field for kind 'field'")
          .contains("duplicate exercise id 'config'")
          .contains("exercises[1].points: must be at least 1")
          .contains("exercises[1].solution: is required")
          .contains("chapters/demo/basics/missing.yaml: file not found")
          .contains("chapters/demo/basics/nowhere.md: file not found")
          .contains("chapters/demo/basics/config.md:1: undefined variable ${nss}")
          .contains("lab.yaml:34 (exercises[1].checks[0]): template: undefined variable ${undefinedVariable}")
          .contains("'when: nothing' names no check")
          .contains("the solution gives no answer for this answer check");
    });
  }

  @Test
  void identitiesAreResolvedIntoCanIChecksAndUnknownOnesReported(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    copyOkCourse(dir);
    Path lab = dir.resolve("chapters/demo/basics/lab.yaml");
    String withIdentity = java.nio.file.Files.readString(lab)
        .replace("setup: [setup.yaml]", "identities:\n  dev: {user: dana, groups: [team-a]}\n  app: {serviceAccount: app}\nsetup: [setup.yaml]")
        .replace("      - id: same-object\n", "      - id: dev-reads\n        kind: can-i\n        as: dev\n        verb: get\n"
            + "        resource: configmaps\n        expect: allowed\n      - id: same-object\n");
    java.nio.file.Files.writeString(lab, withIdentity);
    Course course = new CourseLoader(ContentSource.directory(dir), CheckKinds.builtIn()).load();
    Lab loaded = course.requireLab("demo/basics");
    assertThat(loaded.identities()).containsKeys("dev", "app");
    assertThat(loaded.identities().get("app").subject(ns -> ns == null ? "kl-x" : ns).user()).isEqualTo("system:serviceaccount:kl-x:app");
    assertThat(loaded.exercises().get(0).check("dev-reads").orElseThrow().fields().get("as"))
        .isEqualTo(java.util.Map.of("user", "dana", "groups", java.util.List.of("team-a")));

    java.nio.file.Files.writeString(lab, withIdentity.replace("as: dev", "as: nobody"));
    assertThatThrownBy(() -> new CourseLoader(ContentSource.directory(dir), CheckKinds.builtIn()).load())
        .hasMessageContaining("as: no identity 'nobody' in the lab's identities: [dev, app]");
  }

  @Test
  void knownWrongCasesAndGuardsAreReadAndCheckedLikeSolutions(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    copyOkCourse(dir);
    Path lab = dir.resolve("chapters/demo/basics/lab.yaml");
    String wrong = java.nio.file.Files.readString(lab)
        .replace("        kind: unchanged\n", "        kind: unchanged\n        guard: true\n")
        .replace("      apply: [config-solution.yaml]\n    checks:", "      apply: [config-solution.yaml]\n"
            + "    wrong:\n"
            + "      - what: the mode is set in a new ConfigMap instead\n"
            + "        manifests: |\n"
            + "          {apiVersion: v1, kind: ConfigMap, metadata: {name: settings-2}, data: {mode: \"on\"}}\n"
            + "        fails: [mode-on]\n"
            + "    checks:");
    java.nio.file.Files.writeString(lab, wrong);
    Lab loaded = new CourseLoader(ContentSource.directory(dir), CheckKinds.builtIn()).load().requireLab("demo/basics");
    var ex = loaded.exercises().get(0);
    assertThat(ex.check("same-object").orElseThrow().guard()).isTrue();
    assertThat(ex.check("mode-on").orElseThrow().guard()).isFalse();
    assertThat(ex.wrong()).singleElement().satisfies(w -> {
      assertThat(w.what()).isEqualTo("the mode is set in a new ConfigMap instead");
      assertThat(w.manifests()).contains("settings-2");
      assertThat(w.fails()).containsExactly("mode-on");
    });

    java.nio.file.Files.writeString(lab, wrong.replace("fails: [mode-on]", "fails: [mode-of]")
        .replace("        manifests: |\n          {apiVersion: v1, kind: ConfigMap, metadata: {name: settings-2}, data: {mode: \"on\"}}\n", ""));
    assertThatThrownBy(() -> new CourseLoader(ContentSource.directory(dir), CheckKinds.builtIn()).load())
        .hasMessageContaining("no check 'mode-of' in this exercise")
        .hasMessageContaining("does nothing");
  }

  @Test
  void nodeCommandsAndAddOnsAreRequirementsTheLabMustDeclare(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    copyOkCourse(dir);
    Path lab = dir.resolve("chapters/demo/basics/lab.yaml");
    String original = java.nio.file.Files.readString(lab);
    String withNodes = original.replace("setup: [setup.yaml]",
        "nodeSetup:\n  - node: \"${nodes[0]}\"\n    run: touch /tmp/${ns}\nsetup: [setup.yaml]");

    java.nio.file.Files.writeString(lab, withNodes);
    assertThatThrownBy(() -> new CourseLoader(ContentSource.directory(dir), CheckKinds.builtIn()).load())
        .hasMessageContaining("nodeAccess: must be true: the lab runs commands on nodes");

    java.nio.file.Files.writeString(lab, withNodes.replace("requires: {nodes: 1, clusterScoped: true}",
        "requires: {nodes: 1, clusterScoped: true, nodeAccess: true, traefik: true}"));
    Lab loaded = new CourseLoader(ContentSource.directory(dir), CheckKinds.builtIn()).load().requireLab("demo/basics");
    assertThat(loaded.nodeSetup()).containsExactly(new dev.kubelab.labs.api.NodeCommand("${nodes[0]}", "touch /tmp/${ns}"));
    assertThat(loaded.requires().nodeAccess()).isTrue();
    assertThat(loaded.requires().traefik()).isTrue();

    java.nio.file.Files.writeString(lab, original.replace("requires: {nodes: 1, clusterScoped: true}", "requires: {nodes: 9, addons: [nope]}"));
    assertThatThrownBy(() -> new CourseLoader(ContentSource.directory(dir), CheckKinds.builtIn()).load())
        .hasMessageContaining("nodes: must be between 1 and 5, not 9")
        .hasMessageContaining("'nope' is not an add-on kubelab can install");

    java.nio.file.Files.writeString(lab, original.replace("requires: {nodes: 1, clusterScoped: true}",
        "requires: {nodes: 1, apis: [gateway.networking.k8s.io/v1/HTTPRoute, v1/Pod, httproutes]}"));
    assertThatThrownBy(() -> new CourseLoader(ContentSource.directory(dir), CheckKinds.builtIn()).load())
        .hasMessageContaining("'v1/Pod' is not group/version/Kind")
        .hasMessageContaining("'httproutes' is not group/version/Kind")
        .message().doesNotContain("'gateway.networking.k8s.io/v1/HTTPRoute' is not");
    java.nio.file.Files.writeString(lab, original.replace("requires: {nodes: 1, clusterScoped: true}",
        "requires: {nodes: 1, clusterScoped: true, apis: [gateway.networking.k8s.io/v1/HTTPRoute]}"));
    assertThat(new CourseLoader(ContentSource.directory(dir), CheckKinds.builtIn()).load().requireLab("demo/basics").requires().apis())
        .containsExactly("gateway.networking.k8s.io/v1/HTTPRoute");
  }

  @Test
  void operatorsAreKnownByIdNeedClusterRightsAndGiveTemplatesTheirVariables(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    copyOkCourse(dir);
    Path lab = dir.resolve("chapters/demo/basics/lab.yaml");
    String original = java.nio.file.Files.readString(lab);

    java.nio.file.Files.writeString(lab, original.replace("requires: {nodes: 1, clusterScoped: true}",
        "requires: {nodes: 1, operators: [teamspaces]}"));
    assertThatThrownBy(() -> new CourseLoader(ContentSource.directory(dir), CheckKinds.builtIn()).load())
        .hasMessageContaining("'teamspaces' is not an operator kubelab can run; known: [teamspace]")
        .hasMessageContaining("clusterScoped: must be true: an operator's CustomResourceDefinition is cluster-wide");

    java.nio.file.Files.writeString(lab, original.replace("requires: {nodes: 1, clusterScoped: true}",
        "requires: {nodes: 1, clusterScoped: true, operators: [teamspace]}"));
    Lab loaded = new CourseLoader(ContentSource.directory(dir), CheckKinds.builtIn()).load().requireLab("demo/basics");
    assertThat(loaded.requires().operators()).containsExactly("teamspace");
    var model = Model.of(loaded, dev.kubelab.labs.api.Placement.prefixed(loaded, "x"), java.util.Map.of(), Model.SAMPLE_NODES);
    assertThat(model).extractingByKey("teamspace").asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .containsEntry("apiVersion", model.get("ns") + ".kubelab.dev/v1").containsEntry("kind", "TeamSpace");
  }

  @Test
  void aMissingCourseIsOneClearProblem(@org.junit.jupiter.api.io.TempDir Path empty) {
    assertThatThrownBy(() -> new CourseLoader(ContentSource.directory(empty), CheckKinds.builtIn()).load())
        .hasMessageContaining("course.yaml: file not found");
  }

  @Test
  void unknownLabSuggestsTheNearest() throws Exception {
    Course course = new CourseLoader(ContentSource.directory(resource("course-ok")), CheckKinds.builtIn()).load();
    assertThatThrownBy(() -> course.requireLab("demo/basic"))
        .isInstanceOfSatisfying(KubelabException.class, e -> assertThat(e.hint()).contains("demo/basics"));
    assertThat(course.suggest("basics")).containsExactly("demo/basics");
  }

  @Test
  void imagesAreRewrittenForAMirror() {
    var images = java.util.Map.of("busybox", "docker.io/library/busybox:1.37.0", "app", "ghcr.io/acme/app:1.0", "short", "nginx:1.27");
    var out = ImageCatalog.rewrite(images, "harbor.corp/hub", java.util.Map.of());
    assertThat(out).containsEntry("busybox", "harbor.corp/hub/library/busybox:1.37.0")
        .containsEntry("app", "harbor.corp/hub/acme/app:1.0").containsEntry("short", "harbor.corp/hub/library/nginx:1.27");
    assertThat(ImageCatalog.rewrite(images, null, java.util.Map.of("app", "local/app:2"))).containsEntry("app", "local/app:2");
    assertThatThrownBy(() -> ImageCatalog.rewrite(images, null, java.util.Map.of("nope", "x:1"))).hasMessageContaining("no image 'nope'");
  }

  /** The valid test course, copied to a folder a test may change. */
  private static void copyOkCourse(Path dir) throws Exception {
    Path root = resource("course-ok");
    try (var files = java.nio.file.Files.walk(root)) {
      for (Path f : files.toList()) {
        Path to = dir.resolve(root.relativize(f).toString());
        if (java.nio.file.Files.isDirectory(f)) java.nio.file.Files.createDirectories(to);
        else java.nio.file.Files.copy(f, to);
      }
    }
  }
}
