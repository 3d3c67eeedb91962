package dev.kubelab.runner;

import static dev.kubelab.runner.RunResultAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shell driven through a dumb terminal with in-memory streams. */
@EnableKubernetesMockClient(crud = true)
class ShellTest {
  KubernetesClient client;

  @TempDir
  Path tmp;

  TestKubelab kubelab;

  @BeforeEach
  void setUp() {
    kubelab = new TestKubelab(tmp.resolve("home"), client);
    TestKubelab.addReadyNode(client);
  }

  @Test
  void aFailingCommandDoesNotEndTheShellAndQuitDoes() throws Exception {
    RunResult r = kubelab.shell("chek\nstart basics/confi\nstart basics/config\ncheck\nquit\nlist --json\n");
    assertThat(r).exitedWith(0)
        .outContains("mock API server (tests)", "did you mean check", "did you mean basics/config?", "Exercise 1/2 · Paint it blue",
            "expected 'blue', found 'red'", "kubelab [basics/config 1/2 · 0/3 pts]> ", "bye")
        .outDoesNotContain("\"chapters\"");
    assertThat(kubelab.lastCluster.closed).isTrue();
    assertThat(Files.readString(kubelab.home.resolve("history"))).contains("start basics/config");
  }

  @Test
  void progressSavedByAnotherKubelabMeanwhileIsNotOverwritten() {
    java.util.Iterator<java.io.InputStream> parts = java.util.List.<java.util.function.Supplier<java.io.InputStream>>of(
        () -> stream("start basics/config\n"),
        () -> {
          // a one-shot 'kubelab next' in a second terminal, once the shell's start has been saved
          org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
              .until(() -> Files.exists(kubelab.home.resolve("progress.json")));
          assertThat(kubelab.run("next")).exitedWith(0);
          return stream("hint\nquit\n");
        }).stream().map(java.util.function.Supplier::get).iterator();
    RunResult r = kubelab.shell(new java.io.SequenceInputStream(java.util.Collections.enumeration(lazy(parts))));
    assertThat(r).exitedWith(0).outContains("kubelab [basics/config 2/2");
    assertThat(kubelab.run("progress")).outContains("namespace");
    assertThat(kubelab.run("task")).outContains("Exercise 2/2");
  }

  @Test
  void theIdlePromptShowsProgressACheckInAnotherTerminalSaved() throws Exception {
    java.io.PipedOutputStream keys = new java.io.PipedOutputStream();
    java.io.PipedInputStream input = new java.io.PipedInputStream(keys);
    java.io.ByteArrayOutputStream screen = new java.io.ByteArrayOutputStream();
    java.util.concurrent.CompletableFuture<RunResult> shell = java.util.concurrent.CompletableFuture.supplyAsync(() -> kubelab.shell(input, screen));
    try {
      keys.write("start basics/config\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      keys.flush();
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
          .until(() -> screen.toString(java.nio.charset.StandardCharsets.UTF_8).contains("kubelab [basics/config 1/2 · 0/3 pts]> "));
      // the shell waits at its prompt; a one-shot 'kubelab check' in a second terminal passes the exercise
      client.configMaps().inNamespace("kl-basics-config").withName("settings").edit(cm -> {
        cm.getData().put("colour", "blue");
        return cm;
      });
      assertThat(kubelab.run("check")).exitedWith(0);
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
          .until(() -> screen.toString(java.nio.charset.StandardCharsets.UTF_8).contains("kubelab [basics/config 1/2 · 2/3 pts]> "));
      keys.write("quit\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      keys.close();
      assertThat(shell.get(20, java.util.concurrent.TimeUnit.SECONDS)).exitedWith(0).outContains("bye");
    } finally {
      keys.close();
    }
  }

  private static java.io.InputStream stream(String s) {
    return new java.io.ByteArrayInputStream(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** The parts as a list whose elements are made only when the shell asks for more input. */
  private static java.util.List<java.io.InputStream> lazy(java.util.Iterator<java.io.InputStream> parts) {
    return new java.util.AbstractList<>() {
      @Override
      public java.io.InputStream get(int i) {
        return parts.next();
      }

      @Override
      public int size() {
        return 2;
      }
    };
  }

  @Test
  void ctrlCClearsTheLineAndTheShellGoesOn() {
    assertThat(kubelab.shell("stat\u0003list\nquit\n")).exitedWith(0).outContains("basics/config", "bye")
        .outDoesNotContain("unknown command");
  }

  @Test
  void endOfInputLeavesTheShell() {
    assertThat(kubelab.shell("list\n")).exitedWith(0).outContains("basics/config", "bye");
  }

  @Test
  void theShellRemembersWhereTheLearnerWas() {
    kubelab.run("start", "basics/config");
    kubelab.run("next");
    assertThat(kubelab.shell("task\n")).outContains("You are on basics/config, exercise 2/2", "kubelab [basics/config 2/2 · 0/3 pts]> ");
  }

  @Test
  void noSubcommandInsideTheShellOpensNoSecondShell() {
    assertThat(kubelab.shell("--keep\nquit\n")).exitedWith(0).outContains("in the kubelab shell already");
  }

  @Test
  void helpInTheShellListsItsCommandsWithoutTheStartUpOptions() {
    RunResult r = kubelab.shell("help\nquit\n");
    assertThat(r.out()).contains("Commands:", "start ", "node ", "'help COMMAND' shows a command's options")
        .doesNotContain("--kubeconfig=FILE", "--agents=N");
  }

  @Test
  void leavingSaysOnceThatTheLabNamespacesStayOnTheLearnersCluster() {
    RunResult r = kubelab.shell("start basics/config\nquit\n");
    assertThat(r).exitedWith(0).outContains("The labs' namespaces stay on your cluster (1: kl-basics-config);",
        "'kubectl delete namespace -l kubelab.dev/lab' removes them");
    org.assertj.core.api.Assertions.assertThat(r.out().split("namespaces stay on your cluster", -1)).hasSize(2);
    assertThat(kubelab.shell("list\n")).outContains("The labs' namespaces stay on your cluster");
  }

  @Test
  void leavingWithNoLabStartedSaysNothingAboutNamespaces() {
    assertThat(kubelab.shell("list\nquit\n")).exitedWith(0).outDoesNotContain("namespaces stay");
  }
}
