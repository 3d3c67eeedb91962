package dev.kubelab.runner.exam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubelab.runner.Environment;
import dev.kubelab.runner.Main;
import dev.kubelab.runner.TestCluster;
import dev.kubelab.runner.TestKubelab;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;

/**
 * Runs kubelab in-process, one process per {@link #run}, against the mock API server and the exam
 * test course, with a clock the test moves forward.
 */
final class ExamKubelab {
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  final Path home;
  final KubernetesClient client;
  final MovableClock clock = new MovableClock(T0);
  Path content = TestKubelab.resource("examcourse");

  ExamKubelab(Path home, KubernetesClient client) {
    this.home = home;
    this.client = client;
    client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-1").endMetadata()
        .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build()).create();
  }

  record Result(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- out ---\n" + out + "\n--- err ---\n" + err;
    }
  }


  Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = new Main(environment(new PrintWriter(out), new PrintWriter(err),
        () -> { throw new IOException("one-shot tests open no terminal"); })).run(withGlobalOptions(args));
    return new Result(code, out.toString(), err.toString());
  }

  /** The shell on a dumb terminal reading {@code input}; what it printed. */
  Result shell(String input) {
    StringWriter err = new StringWriter();
    ByteArrayOutputStream screen = new ByteArrayOutputStream();
    int code = new Main(environment(new PrintWriter(new StringWriter()), new PrintWriter(err), () -> {
      Terminal t = new DumbTerminal("kubelab-test", Terminal.TYPE_DUMB,
          new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), screen, StandardCharsets.UTF_8);
      Attributes a = t.getAttributes();
      a.setLocalFlag(Attributes.LocalFlag.ISIG, true);
      a.setControlChar(Attributes.ControlChar.VINTR, 3);
      a.setControlChar(Attributes.ControlChar.VQUIT, 28);
      a.setControlChar(Attributes.ControlChar.VSUSP, 26);
      a.setControlChar(Attributes.ControlChar.VSTATUS, 20);
      t.setAttributes(a);
      return t;
    })).run(withGlobalOptions());
    return new Result(code, screen.toString(StandardCharsets.UTF_8), err.toString());
  }

  private Environment environment(PrintWriter out, PrintWriter err, Environment.TerminalFactory terminals) {
    return new Environment(out, err, Map.of(), home.getParent(), clock, (options, progress) -> new TestCluster(client),
        false, terminals, Duration.ofMillis(20), false);
  }

  private String[] withGlobalOptions(String... args) {
    List<String> all = new ArrayList<>(List.of("--home", home.toString(), "--content", content.toString(),
        "--kubeconfig", home.resolveSibling("kubeconfig").toString()));
    all.addAll(List.of(args));
    return all.toArray(String[]::new);
  }

  JsonNode json(Path file) throws IOException {
    return new ObjectMapper().readTree(file.toFile());
  }

  /** The attempt.json of the only (or latest) attempt. */
  JsonNode attempt() throws IOException {
    Path dir = home.resolve("exams");
    try (var s = Files.list(dir)) {
      Path latest = s.filter(Files::isDirectory).sorted().reduce((a, b) -> b).orElseThrow();
      return json(latest.resolve("attempt.json"));
    }
  }

  /** The number of the task that is this exercise, in the latest attempt. */
  int task(String exercise) throws IOException {
    for (JsonNode t : attempt().path("tasks")) {
      if (t.path("exercise").asText().equals(exercise)) return t.path("number").asInt();
    }
    throw new AssertionError("no task " + exercise);
  }

  /** The main namespace of the task that is this exercise. */
  String namespace(String exercise) throws IOException {
    for (JsonNode t : attempt().path("tasks")) {
      if (t.path("exercise").asText().equals(exercise)) return t.path("prefix").asText();
    }
    throw new AssertionError("no task " + exercise);
  }

  void paintBlue(String namespace) {
    client.configMaps().inNamespace(namespace).withName("settings").edit(cm -> {
      cm.getData().put("colour", "blue");
      return cm;
    });
  }

  static final class MovableClock extends Clock {
    private volatile Instant now;

    MovableClock(Instant now) {
      this.now = now;
    }

    void set(Instant instant) {
      now = instant;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

}
