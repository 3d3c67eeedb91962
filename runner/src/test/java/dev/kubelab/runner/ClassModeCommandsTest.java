package dev.kubelab.runner;

import static dev.kubelab.runner.RunResultAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A student in class mode (a class kubeconfig) is not offered the commands that cannot work there, and is told why when typing one. */
@EnableKubernetesMockClient(crud = true)
class ClassModeCommandsTest {
  KubernetesClient client;

  @TempDir
  Path tmp;

  TestKubelab kubelab;

  @BeforeEach
  void setUp() {
    kubelab = new TestKubelab(tmp.resolve("home"), client);
    TestKubelab.addReadyNode(client);
  }

  /** The kubeconfig TestKubelab passes, as 'class create' writes one: a kubelab-class- context with the student's namespace. */
  private void classKubeconfig() throws IOException {
    Files.writeString(kubelab.home.resolveSibling("kubeconfig"), """
        apiVersion: v1
        kind: Config
        clusters: [{name: shared, cluster: {server: "https://127.0.0.1:6443"}}]
        users: [{name: ana, user: {token: x}}]
        contexts: [{name: kubelab-class-demo-ana, context: {cluster: shared, user: ana, namespace: class-demo-ana}}]
        current-context: kubelab-class-demo-ana
        """);
  }

  /** The command names a help text lists: the first word of each line under "Commands:". */
  private static List<String> commandsListed(String help) {
    String list = help.substring(help.indexOf("Commands:"));
    return Arrays.stream(list.split("\n")).skip(1).map(String::strip).filter(l -> !l.isEmpty())
        .map(l -> l.split("\\s+")[0]).toList();
  }

  @Test
  void outsideAClassEveryCommandIsListed() {
    assertThat(commandsListed(kubelab.run("--help").out())).contains("start", "node", "class");
    assertThat(commandsListed(kubelab.shell("help\nquit\n").out())).contains("start", "node", "class");
  }

  @Test
  void aStudentsHelpLeavesOutNodeAndClass() throws IOException {
    classKubeconfig();
    RunResult oneShot = kubelab.run("--help");
    assertThat(oneShot).exitedWith(0).openedNoCluster();
    assertThat(commandsListed(oneShot.out())).contains("start", "check", "answer", "kubectl").doesNotContain("node", "class");
    assertThat(commandsListed(kubelab.shell("help\nquit\n").out())).contains("start", "check").doesNotContain("node", "class");
  }

  @Test
  void aStudentTypingNodeOrClassIsToldWhyAndNothingRuns() throws IOException {
    classKubeconfig();
    assertThat(kubelab.run("node", "list")).exitedWith(2).openedNoCluster()
        .errContains("'node' is not available in class mode", "hint:", "kubectl debug node/");
    assertThat(kubelab.run("class", "grade", "--name", "demo", "--lab", "basics/config")).exitedWith(2).openedNoCluster()
        .errContains("'class' is not available in class mode", "instructor");
    assertThat(kubelab.run("node", "--help")).exitedWith(2).errContains("not available in class mode");
    assertThat(kubelab.run("help", "node")).exitedWith(2).errContains("'node' is not available in class mode");
    assertThat(kubelab.run("help", "class")).exitedWith(2).errContains("'class' is not available in class mode");
    assertThat(kubelab.run("help", "check")).exitedWith(0);
    assertThat(kubelab.shell("help node\nquit\n")).exitedWith(0).outContains("'node' is not available in class mode", "bye");
    assertThat(kubelab.shell("node list\nquit\n")).exitedWith(0).outContains("'node' is not available in class mode", "bye");
  }
}
