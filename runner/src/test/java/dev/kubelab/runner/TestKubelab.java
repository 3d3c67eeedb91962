package dev.kubelab.runner;

import dev.kubelab.labs.api.Cluster;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;

/** Runs kubelab in-process against a mock cluster and the test course, capturing everything it prints. */
public final class TestKubelab {
  static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

  final Path home;
  Path content = resource("testcourse");
  final Map<String, String> variables = new HashMap<>();
  Supplier<Cluster> clusters;
  dev.kubelab.labs.cluster.ClusterOptions lastOptions;
  boolean console;
  /** Run as with the embedded k3s (no --kubeconfig), which one-shot commands start and stop. */
  boolean embedded;
  TestCluster lastCluster;

  TestKubelab(Path home, KubernetesClient client) {
    this.home = home;
    this.clusters = () -> new TestCluster(client);
  }

  /** The mock server has no nodes; preflight wants one Ready node. */
  static void addReadyNode(KubernetesClient client) {
    client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-1").endMetadata()
        .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build()).create();
  }

  /** A course folder among the test resources. */
  public static Path resource(String name) {
    try {
      return Path.of(TestKubelab.class.getResource("/" + name + "/course.yaml").toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  RunResult run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    boolean[] opened = {false};
    Environment env = environment(new PrintWriter(out), new PrintWriter(err), opened,
        () -> { throw new IOException("one-shot tests open no terminal"); });
    int code = new Main(env).run(withGlobalOptions(args));
    return new RunResult(code, out.toString(), err.toString(), opened[0]);
  }

  /** Runs the shell on a dumb terminal that reads {@code input} and writes to memory. */
  RunResult shell(String input) {
    return shell(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
  }

  RunResult shell(java.io.InputStream input) {
    return shell(input, new ByteArrayOutputStream());
  }

  /** As {@link #shell(java.io.InputStream)}, drawing on {@code screen}, which a test can read while the shell runs. */
  RunResult shell(java.io.InputStream input, ByteArrayOutputStream screen) {
    StringWriter err = new StringWriter();
    boolean[] opened = {false};
    Environment env = environment(new PrintWriter(new StringWriter()), new PrintWriter(err), opened,
        () -> {
          Terminal t = new DumbTerminal("kubelab-test", Terminal.TYPE_DUMB,
              input, screen, StandardCharsets.UTF_8);
          Attributes a = t.getAttributes();
          // Ctrl-C raises INT, as on a real terminal; every signal character is set, or end of input would match an unset one
          a.setLocalFlag(Attributes.LocalFlag.ISIG, true);
          a.setControlChar(Attributes.ControlChar.VINTR, 3);
          a.setControlChar(Attributes.ControlChar.VQUIT, 28);
          a.setControlChar(Attributes.ControlChar.VSUSP, 26);
          a.setControlChar(Attributes.ControlChar.VSTATUS, 20);
          t.setAttributes(a);
          return t;
        });
    int code = new Main(env).run(withGlobalOptions());
    return new RunResult(code, screen.toString(StandardCharsets.UTF_8), err.toString(), opened[0]);
  }

  /** The environment a one-shot command runs in here, writing to {@code out} and {@code err}. */
  Environment environment(PrintWriter out, PrintWriter err) {
    return environment(out, err, new boolean[1], () -> { throw new IOException("one-shot tests open no terminal"); });
  }

  private Environment environment(PrintWriter out, PrintWriter err, boolean[] opened, Environment.TerminalFactory terminals) {
    return new Environment(out, err, Map.copyOf(variables), home.getParent(), Clock.fixed(NOW, ZoneOffset.UTC),
        (options, progress) -> {
          progress.accept("opening the test cluster");
          lastOptions = options;
          Cluster c = clusters.get();
          opened[0] = true;
          if (c instanceof TestCluster t) lastCluster = t;
          return c;
        },
        false, terminals, Duration.ofMillis(20), console);
  }

  String[] withGlobalOptions(String... args) {
    // the mock server stands for an existing cluster, as --kubeconfig names one (the opener ignores the file)
    List<String> all = new ArrayList<>(List.of("--home", home.toString()));
    if (content != null) all.addAll(List.of("--content", content.toString())); // null: the built-in course
    if (!embedded) all.addAll(List.of("--kubeconfig", home.resolveSibling("kubeconfig").toString()));
    all.addAll(List.of(args));
    return all.toArray(String[]::new);
  }
}
