package dev.kubelab.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelab.labs.api.Cluster;
import dev.kubelab.labs.cluster.Clusters;
import dev.kubelab.labs.testing.RealCluster;
import dev.kubelab.runner.serve.ResidentServer;
import dev.kubelab.runner.serve.ServeClient;
import dev.kubelab.runner.serve.ServeKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The background server on a real API server (KUBELAB_IT_KUBECONFIG, or k3s in a container): a
 * lab's commands answered by the server print, exit and save what they print, exit and save in
 * their own process, on real RBAC, admission and latency. Skipped, saying why, where neither is
 * at hand.
 */
@ExtendWith(RealCluster.class)
class ServeIT {
  static final String LAB = "day2/rolling-updates";
  static final String NS = "kl-day2-rolling-updates";

  @TempDir
  Path tmp;

  private record Ran(int code, String out, String err) {}

  private Environment env(PrintWriter out, PrintWriter err) {
    return new Environment(out, err, Map.of(), tmp, Clock.systemUTC(), Clusters::open, true,
        () -> { throw new IOException("no terminal"); }, Duration.ofSeconds(2), false);
  }

  private List<String> line(Path kubeconfig, String... args) {
    List<String> all = new ArrayList<>(List.of("--home", tmp.resolve("home").toString(), "--kubeconfig", kubeconfig.toString()));
    all.addAll(List.of(args));
    return all;
  }

  private Ran here(Path kubeconfig, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = new Main(env(new PrintWriter(out), new PrintWriter(err))).run(line(kubeconfig, args).toArray(String[]::new));
    return new Ran(code, out.toString(), err.toString());
  }

  private Ran served(ServeKey key) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ServeClient.Attempt a = ServeClient.attempt(key, Map.of(), false, out, err);
    assertThat(a.code()).as(err.toString(StandardCharsets.UTF_8)).isNotNull();
    return new Ran(a.code(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void servedCommandsAnswerAsTheirOwnProcessDoesOnARealCluster(Cluster cluster) throws Exception {
    Path kubeconfig = cluster.kubeconfig().orElseThrow(() -> new IllegalStateException("the cluster has no kubeconfig file"));
    Path jar = Files.writeString(tmp.resolve("kubelab.jar"), "this build");
    ResidentServer server = null;
    Thread serving = null;
    try {
      assertThat(here(kubeconfig, "start", LAB).code()).isZero();
      StringWriter log = new StringWriter();
      ServeKey serverKey = ServeKey.of(line(kubeconfig, "serve"), Map.of(), tmp, jar, tmp).orElseThrow();
      ResidentServer s = new ResidentServer(serverKey, env(new PrintWriter(log), new PrintWriter(log)), Duration.ofMinutes(5),
          () -> true, new PrintWriter(log, true));
      server = s;
      serving = new Thread(() -> {
        try {
          s.run(() -> {});
        } catch (IOException e) {
          throw new RuntimeException(e);
        }
      });
      serving.start();
      for (int i = 0; i < 500 && !Files.exists(serverKey.socket()); i++) Thread.sleep(10);
      for (List<String> words : List.of(List.of("task"), List.of("check"), List.of("progress"),
          List.of("answer", "revision-1-image", "busybox"), List.of("check"))) {
        String[] args = words.toArray(String[]::new);
        Path progress = tmp.resolve("home/progress.json");
        String before = Files.readString(progress);
        Ran own = here(kubeconfig, args);
        String afterOwn = Files.readString(progress);
        Files.writeString(progress, before);
        Ran answered = served(ServeKey.of(line(kubeconfig, args), Map.of(), tmp, jar, tmp).orElseThrow());
        assertThat(answered).as(words.toString()).isEqualTo(own);
        assertThat(Files.readString(progress)).as(words + ": progress").isEqualTo(afterOwn);
      }
    } finally {
      if (server != null) server.stop("the test is over");
      if (serving != null) serving.join(10_000);
      cluster.client().namespaces().withName(NS).delete();
    }
  }
}
