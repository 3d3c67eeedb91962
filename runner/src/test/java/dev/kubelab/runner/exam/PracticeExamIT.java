package dev.kubelab.runner.exam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubelab.labs.api.Cluster;
import dev.kubelab.labs.api.Exercise;
import dev.kubelab.labs.api.Lab;
import dev.kubelab.labs.api.Placement;
import dev.kubelab.labs.check.CheckKinds;
import dev.kubelab.labs.content.ContentSource;
import dev.kubelab.labs.content.CourseLoader;
import dev.kubelab.labs.engine.LabEngine;
import dev.kubelab.labs.grade.LearnerState;
import dev.kubelab.labs.testing.RealCluster;
import dev.kubelab.runner.Environment;
import dev.kubelab.runner.Main;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in practice exam end to end on a real cluster (k3s in a container, or
 * KUBELAB_IT_KUBECONFIG): with every task's reference solution applied it scores 100%, with
 * nothing done 0%. Skipped, saying why, where neither is at hand.
 */
@ExtendWith(RealCluster.class)
class PracticeExamIT {
  @TempDir
  Path home;

  private Cluster cluster;

  record Run(int code, String out, String err) {}

  private Run kubelab(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Cluster keep = new Cluster() {
      @Override public KubernetesClient client() { return cluster.client(); }
      @Override public String describe() { return cluster.describe(); }
      @Override public Optional<Path> kubeconfig() { return cluster.kubeconfig(); }
      @Override public int kubectl(List<String> a, Appendable o) throws Exception { return cluster.kubectl(a, o); }
      @Override public void close() {} // the extension closes the cluster after the class
    };
    Environment env = new Environment(new PrintWriter(out), new PrintWriter(err), Map.of(), home, Clock.systemUTC(),
        (options, progress) -> keep, true, () -> { throw new java.io.IOException("no terminal"); }, Duration.ofSeconds(2), false);
    List<String> all = new ArrayList<>(List.of("--home", home.resolve(".kubelab").toString(), "--kubeconfig", home.resolve("kc").toString()));
    all.addAll(List.of(args));
    int code = new Main(env).run(all.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  private JsonNode latest(String file) throws Exception {
    try (var dirs = java.nio.file.Files.list(home.resolve(".kubelab/exams"))) {
      Path dir = dirs.filter(java.nio.file.Files::isDirectory).sorted().reduce((a, b) -> b).orElseThrow();
      return new ObjectMapper().readTree(dir.resolve(file).toFile());
    }
  }

  @Test
  void referenceSolutionsScoreAHundredAndNothingDoneScoresZero(Cluster cluster) throws Exception {
    this.cluster = cluster;
    CourseLoader loader = new CourseLoader(ContentSource.classpath(), CheckKinds.builtIn());
    LabEngine engine = new LabEngine(loader.load(false), loader.templates(), CheckKinds.builtIn(), cluster.client(), true);

    Run start = kubelab("exam", "start", "practice", "--seed", "1");
    assertThat(start.code()).as(start.out() + start.err()).isZero();
    for (JsonNode t : latest("attempt.json").path("tasks")) {
      Lab lab = engine.course().requireLab(t.path("lab").asText());
      Exercise ex = lab.exercise(t.path("exercise").asText()).orElseThrow();
      Placement placement = Placement.prefixed(lab, t.path("prefix").asText());
      engine.applySolution(lab, ex, placement, m -> {});
      Map<String, String> answers = engine.solutionAnswers(lab, ex, placement);
      answers.forEach((key, value) -> assertThat(kubelab("exam", "answer", t.path("number").asText(),
          key.substring(key.indexOf('/') + 1), value).code()).isZero());
      Map<String, String> uids = new LinkedHashMap<>();
      t.path("setupUids").fields().forEachRemaining(e -> uids.put(e.getKey(), e.getValue().asText()));
      // the controllers settle before the candidate submits
      Awaitility.await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofSeconds(3))
          .until(() -> engine.grade(lab, ex, placement, LearnerState.of(answers, uids)).passed());
    }
    Run solved = kubelab("exam", "submit", "--yes");
    assertThat(solved.code()).as(solved.out() + solved.err()).isZero();
    assertThat(latest("report.json").path("score").asDouble()).isEqualTo(100.0);
    assertThat(kubelab("exam", "clean").code()).isZero();

    Run again = kubelab("exam", "start", "practice", "--seed", "1");
    assertThat(again.code()).as(again.out() + again.err()).isZero();
    Run nothing = kubelab("exam", "submit", "--yes");
    assertThat(nothing.code()).as(nothing.out() + nothing.err()).isEqualTo(1);
    assertThat(latest("report.json").path("score").asDouble()).isZero();
    assertThat(kubelab("exam", "clean").code()).isZero();
  }
}
