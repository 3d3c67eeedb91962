package dev.kubelab.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelab.runner.serve.ServeControl;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kubelab as the user runs it, in processes of its own: the first one-shot {@code check} runs in
 * its process and leaves a server behind, detached; the second is answered by that server with
 * the same output; {@code serve --status} and {@code --stop} reach it, and it goes away.
 */
@EnableKubernetesMockClient(crud = true)
class ServeProcessTest {
  KubernetesMockServer server;
  KubernetesClient client;

  @TempDir
  Path tmp;

  Path home;

  @AfterEach
  void stopServers() {
    if (home != null) ServeControl.stopAll(home);
  }

  private record Ran(int code, String out, String err) {}

  private Ran kubelab(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Kubelab.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(tmp.toFile())
        .redirectOutput(tmp.resolve("out").toFile()).redirectError(tmp.resolve("err").toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("KUBELAB_"));
    Process p = pb.start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("kubelab " + String.join(" ", args) + " ended").isTrue();
    return new Ran(p.exitValue(), Files.readString(tmp.resolve("out")), Files.readString(tmp.resolve("err")));
  }

  private List<Path> sockets() throws IOException {
    Path folder = home.resolve("servers");
    if (!Files.isDirectory(folder)) return List.of();
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(f -> f.toString().endsWith(".sock")).toList();
    }
  }

  @Test
  void theFirstCommandLeavesAServerThatAnswersTheNextAndStopsWhenAsked() throws Exception {
    server.expect().get().withPath("/version").andReturn(200, "{\"major\": \"1\", \"minor\": \"35\", \"gitVersion\": \"v1.35.0\"}")
        .always();
    TestKubelab in = new TestKubelab(tmp.resolve("home"), client);
    in.content = null;
    TestKubelab.addReadyNode(client);
    home = in.home;
    assertThat(in.run("start", ServeTest.LAB).exitCode()).isZero();
    Files.writeString(home.resolveSibling("kubeconfig"), """
        apiVersion: v1
        kind: Config
        clusters: [{name: mock, cluster: {server: "%s", insecure-skip-tls-verify: true}}]
        users: [{name: me, user: {}}]
        contexts: [{name: mock, context: {cluster: mock, user: me}}]
        current-context: mock
        """.formatted(client.getMasterUrl().toString()), StandardCharsets.UTF_8);
    String[] check = {"--home", home.toString(), "--kubeconfig", "kubeconfig", "check"};
    // relative paths are read where the command was typed; the server runs elsewhere
    Files.move(home.resolveSibling("kubeconfig"), tmp.resolve("kubeconfig"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    Ran first = kubelab(check);
    assertThat(first.out()).as(first.err()).contains("Exercise 1/3");
    assertThat(first.code()).isIn(0, 1);
    for (int i = 0; i < 600 && sockets().isEmpty(); i++) Thread.sleep(100);
    assertThat(sockets()).as("a server left behind").hasSize(1);

    Ran second = kubelab(check);
    assertThat(second).isEqualTo(first);
    List<String> status = ServeControl.statusAll(home);
    assertThat(status).singleElement().asString().contains("1 command served", "mock from kubeconfig");

    Ran stop = kubelab("--home", home.toString(), "serve", "--stop");
    assertThat(stop.code()).isZero();
    assertThat(stop.out()).startsWith("stopped the server for Kubernetes");
    for (int i = 0; i < 100 && !sockets().isEmpty(); i++) Thread.sleep(100);
    assertThat(sockets()).isEmpty();
    Path log = Files.list(home.resolve("servers")).filter(f -> f.toString().endsWith(".log")).findFirst().orElseThrow();
    for (int i = 0; i < 100 && !Files.readString(log).contains("stopped:"); i++) Thread.sleep(100);
    assertThat(Files.readString(log)).contains("serving on", "stopped: asked to stop after 1 command");
    assertThat(kubelab("--home", home.toString(), "serve", "--status").out()).startsWith("no kubelab server runs for");
  }
}
