package dev.kubelab.runner;

import static dev.kubelab.runner.RunResultAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubelab.labs.api.KubelabException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commands that must work without a cluster, and how errors end a run. */
class NoClusterCommandsTest {
  @TempDir
  Path tmp;

  TestKubelab kubelab;

  @BeforeEach
  void setUp() {
    kubelab = new TestKubelab(tmp.resolve("home"), null);
    kubelab.clusters = () -> {
      throw KubelabException.environment("no container engine found", "start Docker or Podman, or use --kubeconfig");
    };
  }

  @Test
  void listShowsChaptersLabsAndProgressWithoutTheCluster() {
    assertThat(kubelab.run("list")).exitedWith(0).openedNoCluster()
        .outContains("A tiny test course", "Chapter 1 · Settings and names", "basics/config", "Configure an app", "0/2 exercises", "0/3 pts");
  }

  @Test
  void colourOnlyOnATerminalAndNeverWithNoColorOrTheOption() {
    kubelab.console = true;
    assertThat(kubelab.run("list").out()).contains("\u001b[1m");
    assertThat(kubelab.run("--no-color", "list").out()).doesNotContain("\u001b[");
    assertThat(kubelab.run("list", "--no-color").out()).as("global options work after the command too").doesNotContain("\u001b[");
    kubelab.variables.put("NO_COLOR", "1");
    assertThat(kubelab.run("list").out()).doesNotContain("\u001b[");
    kubelab.console = false;
    kubelab.variables.clear();
    assertThat(kubelab.run("list").out()).doesNotContain("\u001b[");
  }

  @Test
  void listJsonIsForScripts() throws Exception {
    RunResult r = kubelab.run("list", "--json");
    assertThat(r).exitedWith(0).openedNoCluster();
    JsonNode json = new ObjectMapper().readTree(r.out());
    JsonNode lab = json.path("chapters").get(0).path("labs").get(0);
    assertThat(lab.path("id").asText()).isEqualTo("basics/config");
    assertThat(lab.path("points").asInt()).isEqualTo(3);
    assertThat(lab.path("exercises").get(1).path("id").asText()).isEqualTo("namespace");
    assertThat(lab.path("exercises").get(0).path("passed").asBoolean()).isFalse();
  }

  @Test
  void clusterShapeOptionsReachTheClusterOptions() {
    kubelab.clusters = () -> new TestCluster(null);
    kubelab.run("--agents", "2", "--traefik", "kubectl", "get", "nodes");
    assertThat(kubelab.lastOptions.agents()).isEqualTo(2);
    assertThat(kubelab.lastOptions.traefik()).isTrue();
    kubelab.run("kubectl", "get", "nodes");
    assertThat(kubelab.lastOptions.agents()).isZero();
    assertThat(kubelab.lastOptions.traefik()).isFalse();
    assertThat(kubelab.run("--agents", "-1", "list")).exitedWith(2).errContains("--agents must be 0 or more");
  }

  @Test
  void helpNeedsNothing() {
    assertThat(kubelab.run("--help")).exitedWith(0).openedNoCluster().outContains("Usage: kubelab", "start", "validate", "--kubeconfig");
    assertThat(kubelab.run("check", "--help")).exitedWith(0).outContains("Usage: kubelab check");
  }

  @Test
  void unknownLabSuggestsTheNearest() {
    assertThat(kubelab.run("start", "basics/confg")).exitedWith(2).openedNoCluster()
        .errContains("error: no lab 'basics/confg'", "hint: did you mean basics/config?");
  }

  @Test
  void badUsageExitsWithTwo() {
    assertThat(kubelab.run("answer")).exitedWith(2).errContains("error: Missing required parameter", "hint: 'kubelab answer --help'");
    assertThat(kubelab.run("chek")).exitedWith(2).errContains("error:", "unknown command 'chek'", "did you mean check");
    assertThat(kubelab.run("lsit")).exitedWith(2).errContains("unknown command 'lsit'", "did you mean list?");
    RunResult far = kubelab.run("frobnicate");
    assertThat(far).exitedWith(2).errContains("unknown command 'frobnicate'", "hint: 'kubelab --help' shows how to use it");
    org.assertj.core.api.Assertions.assertThat(far.err()).doesNotContain("did you mean", "validate", "watch");
    org.assertj.core.api.Assertions.assertThat(kubelab.run("progres").err()).contains("did you mean progress");
    assertThat(kubelab.run("--cgroups", "sideways", "list")).exitedWith(2).errContains("--cgroups");
  }

  @Test
  void commandsOnTheCurrentExerciseNeedAStartedLab() {
    assertThat(kubelab.run("task")).exitedWith(2).errContains("error: no lab started yet", "hint: 'list' shows the labs");
  }

  @Test
  void noContainerEngineIsAnEnvironmentErrorAndNoShellOpens() {
    assertThat(kubelab.run()).exitedWith(3)
        .errContains("error: no container engine found", "hint: start Docker or Podman").outDoesNotContain("kubelab>");
    assertThat(kubelab.run("start", "basics/config")).exitedWith(3).errContains("no container engine found");
  }

  @Test
  void unexpectedFailuresAreInternalErrorsWithoutStackTraceUnlessAsked() {
    kubelab.clusters = () -> {
      throw new IllegalStateException("boom");
    };
    RunResult r = kubelab.run("start", "basics/config");
    assertThat(r).exitedWith(4).errContains("error: internal error: java.lang.IllegalStateException: boom", "--stacktrace");
    assertThat(r.err()).doesNotContain("\tat ");
    assertThat(kubelab.run("--stacktrace", "start", "basics/config").err()).contains("\tat ");
  }

  @Test
  void validateReportsACleanCourse() {
    assertThat(kubelab.run("validate")).exitedWith(0).openedNoCluster().outContains("is valid: 1 chapter, 1 lab, 2 exercises");
  }

  @Test
  void validateListsEveryProblemWithFileAndLine() {
    kubelab.content = TestKubelab.resource("brokencourse");
    assertThat(kubelab.run("validate")).exitedWith(2).openedNoCluster()
        .outContains("chapters/basics/config/lab.yaml:", "unknown kind 'exist'", "did you mean 'exists'",
            "missing-setup.yaml", "chapters/basics/config/colour.md:1", "undefined_variable");
  }

  @Test
  void aMissingContentFolderIsBadInput() {
    kubelab.content = tmp.resolve("nowhere");
    assertThat(kubelab.run("list")).exitedWith(2).errContains("no course folder at");
  }

  @Test
  void quitOutsideTheShellIsBadUsage() {
    assertThat(kubelab.run("quit")).exitedWith(2).errContains("no shell is open");
  }

  @Test
  void userImageOverridesMustNameCatalogImages() throws Exception {
    java.nio.file.Files.createDirectories(kubelab.home);
    java.nio.file.Files.writeString(kubelab.home.resolve("images.yaml"), "nginx: harbor.corp/nginx:1.27\n");
    assertThat(kubelab.run("list")).exitedWith(2).errContains("no image 'nginx' in the catalog");
  }

  @Test
  void aCommandsHelpShowsItsOwnOptionsAndPointsToTheGlobalOnes() {
    RunResult r = kubelab.run("exam", "submit", "--help");
    assertThat(r).exitedWith(0).outContains("--yes", "-h, --help", "see 'kubelab --help'");
    org.assertj.core.api.Assertions.assertThat(r.out()).doesNotContain("--kubeconfig=FILE", "--agents=N", "--image-registry");
    org.assertj.core.api.Assertions.assertThat(kubelab.run("check", "--help").out().lines().count()).isLessThan(15);
    assertThat(kubelab.run("--help")).outContains("--kubeconfig=FILE", "--agents=N");
  }
}
