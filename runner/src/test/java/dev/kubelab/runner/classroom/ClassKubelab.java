package dev.kubelab.runner.classroom;

import dev.kubelab.runner.Environment;
import dev.kubelab.runner.Main;
import dev.kubelab.runner.TestCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs kubelab in-process against the mock API server and the classroom test course. */
final class ClassKubelab {
  static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

  final Path home;
  final KubernetesClient client;
  /** What --kubeconfig names; the opener ignores the file and hands out the mock client. */
  Path kubeconfig;
  /** The course: the classroom test course, or (null) the packaged one. */
  Path content = course();
  boolean opened;

  ClassKubelab(Path home, KubernetesClient client) {
    this.home = home;
    this.client = client;
    this.kubeconfig = home.resolveSibling("instructor.yaml");
  }

  record Result(int exitCode, String out, String err, boolean clusterOpened) {}

  Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    opened = false;
    int code = new Main(environment(new PrintWriter(out), new PrintWriter(err))).run(line(args).toArray(String[]::new));
    return new Result(code, out.toString(), err.toString(), opened);
  }

  /** The environment a command runs in here, writing to {@code out} and {@code err}. */
  Environment environment(PrintWriter out, PrintWriter err) {
    return new Environment(out, err, Map.of(), home.getParent(), Clock.fixed(NOW, ZoneOffset.UTC),
        (options, progress) -> {
          opened = true;
          return new TestCluster(client);
        },
        false, () -> {
          throw new IOException("no terminal in tests");
        }, Duration.ofMillis(10), false);
  }

  /** The command line with this kubelab's global options. */
  List<String> line(String... args) {
    List<String> all = new ArrayList<>(List.of("--home", home.toString(), "--kubeconfig", kubeconfig.toString()));
    if (content != null) all.addAll(List.of("--content", content.toString()));
    all.addAll(List.of(args));
    return all;
  }

  static Path course() {
    try {
      return Path.of(ClassKubelab.class.getResource("/classcourse/course.yaml").toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

}
