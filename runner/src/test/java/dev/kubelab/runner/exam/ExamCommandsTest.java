package dev.kubelab.runner.exam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exam end to end on the mock API server with a clock the test moves: the 'mini' exam draws the
 * test course's two exercises, colour (2 pts, domain config, weight 60) and namespace (4 pts, an
 * answer, domain questions, weight 40); networking (weight 20) has no tasks.
 */
@EnableKubernetesMockClient(crud = true)
class ExamCommandsTest {
  KubernetesClient client;
  io.fabric8.kubernetes.client.server.mock.KubernetesMockServer server;

  @TempDir
  Path tmp;

  ExamKubelab kubelab;

  @BeforeEach
  void setUp() {
    kubelab = new ExamKubelab(tmp.resolve("home"), client);
  }

  private ExamKubelab.Result run(String... args) {
    return kubelab.run(args);
  }

  private ExamKubelab.Result ok(String... args) {
    ExamKubelab.Result r = run(args);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return r;
  }

  private ExamKubelab.Result start() {
    return ok("exam", "start", "mini", "--seed", "7");
  }

  private void answerNamespace() throws Exception {
    ok("exam", "answer", String.valueOf(kubelab.task("namespace")), "ns-name", kubelab.namespace("namespace"));
  }

  @Test
  void aSetupThatFailsHalfwayLeavesNothingBehind() {
    String ns = "exam-mini-20260301-100000-1";
    server.expect().post().withPath("/api/v1/namespaces/" + ns + "/configmaps").andReturn(500, "broken").always();
    ExamKubelab.Result r = run("exam", "start", "mini", "--seed", "7");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
    assertThat(r.out()).contains("setup failed; removing what the exam set up so far");
    assertThat(client.namespaces().withName(ns).get()).as("the failing task's namespace").isNull();
    assertThat(run("exam", "status").out()).doesNotContain("left");
  }

  @Test
  void listNeedsNoClusterAndShowsDomains() {
    ExamKubelab.Result r = ok("exam", "list");
    assertThat(r.out()).contains("mini · A mini exam", "30 min, 2 tasks, pass mark 66%", "Networking", "no tasks yet");
  }

  @Test
  void startSetsEveryTaskUpInItsOwnNamespaceWithTheEarlierExercisesSolved() throws Exception {
    ExamKubelab.Result r = start();
    assertThat(r.out()).contains("The exam has started: 2 tasks, 30 minutes", "seed 7");
    JsonNode a = kubelab.attempt();
    assertThat(a.path("id").asText()).isEqualTo("mini-20260301-100000");
    assertThat(a.path("seed").asLong()).isEqualTo(7);
    assertThat(a.path("deadline").asText()).isEqualTo("2026-03-01T10:30:00Z");
    String colourNs = kubelab.namespace("colour");
    String questionNs = kubelab.namespace("namespace");
    assertThat(colourNs).startsWith("exam-mini-20260301-100000-");
    assertThat(colourNs).isNotEqualTo(questionNs);
    // colour is the lab's first exercise: untouched. namespace comes after it: colour's solution is applied
    assertThat(client.configMaps().inNamespace(colourNs).withName("settings").get().getData()).containsEntry("colour", "red");
    assertThat(client.configMaps().inNamespace(questionNs).withName("settings").get().getData()).containsEntry("colour", "blue");
    assertThat(client.namespaces().withName(colourNs).get().getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "kubelab");
    assertThat(run("exam", "start", "mini").err()).contains("is still running", "'exam resume'");
  }

  @Test
  void theSameSeedDrawsTheSameOrderAndAnotherSeedMayNot() throws Exception {
    start();
    String first = kubelab.attempt().path("tasks").toString();
    run("exam", "submit", "--yes");
    kubelab.clock.advance(Duration.ofMinutes(1));
    ok("exam", "start", "mini", "--seed", "7");
    assertThat(kubelab.attempt().path("tasks").findValuesAsText("exercise"))
        .containsExactlyElementsOf(new com.fasterxml.jackson.databind.ObjectMapper().readTree(first).findValuesAsText("exercise"));
  }

  @Test
  void taskShowsInstructionsForItsPlacementAndStatusGivesNoFeedback() throws Exception {
    start();
    int n = kubelab.task("namespace");
    ExamKubelab.Result task = ok("exam", "task", String.valueOf(n));
    assertThat(task.out()).contains("Task " + n + " of 2", "4 pts", "0:30:00 left", "exam answer " + n + " ns-name", "Graded at the end");
    ok("exam", "flag", String.valueOf(n));
    answerNamespace();
    kubelab.clock.advance(Duration.ofMinutes(5));
    ExamKubelab.Result status = ok("exam", "status");
    assertThat(status.out()).contains("0:25:00 left", "answered 1/1", "⚑ flagged").doesNotContain("✔").doesNotContain("passed");
    assertThat(run("exam", "answer", String.valueOf(n), "nope", "x").err()).contains("no question 'nope'", "ns-name");
  }

  @Test
  void everythingDoneScoresAHundredAndTheReportFilesAreWritten() throws Exception {
    start();
    kubelab.paintBlue(kubelab.namespace("colour"));
    answerNamespace();
    kubelab.clock.advance(Duration.ofMinutes(12));
    ExamKubelab.Result r = ok("exam", "submit", "--yes");
    assertThat(r.out()).contains("100% · PASS", "time used 12m 00s of 30 min", "Submitted with 18m 00s left", "report.html");
    Path dir = kubelab.home.resolve("exams/mini-20260301-100000");
    JsonNode report = kubelab.json(dir.resolve("report.json"));
    assertThat(report.path("score").asDouble()).isEqualTo(100.0);
    assertThat(report.path("timeUsedSeconds").asLong()).isEqualTo(720);
    assertThat(Files.readString(dir.resolve("report.html"))).contains("100% · PASS", "Reference solution", "colour: blue");
    assertThat(kubelab.attempt().path("state").asText()).isEqualTo("graded");
    assertThat(Files.exists(kubelab.home.resolve("exams/running"))).isFalse();
  }

  @Test
  void partialWorkIsScoredPerDomainWeight() throws Exception {
    start();
    kubelab.paintBlue(kubelab.namespace("colour"));
    ExamKubelab.Result r = run("exam", "submit", "--yes");
    // config 2/2 = 100% with weight 60, questions 0/4 with weight 40, networking drew nothing: 60%
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.out()).contains("60% · FAIL (pass mark 66%)", "no tasks yet; weight 20 shared among the others",
        "✘ ns-name");
    JsonNode report = kubelab.json(kubelab.home.resolve("exams/mini-20260301-100000/report.json"));
    assertThat(report.path("domains").findValuesAsText("id")).containsExactly("config", "networking", "questions");
    assertThat(report.path("domains").get(0).path("share").asDouble()).isEqualTo(60.0);
    assertThat(report.path("domains").get(2).path("percent").asDouble()).isEqualTo(0.0);
  }

  @Test
  void workAfterTheDeadlineDoesNotCount() throws Exception {
    start();
    kubelab.paintBlue(kubelab.namespace("colour"));
    kubelab.clock.set(ExamKubelab.T0.plus(Duration.ofMinutes(30)).plusSeconds(5));
    // the first exam command after the deadline grades: a snapshot of the cluster at the deadline
    ExamKubelab.Result status = run("exam", "status");
    assertThat(status.err()).contains("time is up", "graded at its deadline: 60% · FAIL");
    // now the candidate finishes the other task: too late
    kubelab.clock.advance(Duration.ofMinutes(5));
    assertThat(run("exam", "answer", String.valueOf(kubelab.task("namespace")), "ns-name", kubelab.namespace("namespace")).err())
        .contains("no exam is running");
    ExamKubelab.Result report = run("exam", "report");
    assertThat(report.out()).contains("60% · FAIL", "Graded when time ran out", "time used 30m 00s of 30 min");
    assertThat(kubelab.attempt().path("gradedBy").asText()).isEqualTo("deadline");
  }

  @Test
  void anExamGradedAfterKubelabWasAwaySaysSoPlainly() throws Exception {
    start();
    kubelab.clock.set(ExamKubelab.T0.plus(Duration.ofHours(3)));
    ExamKubelab.Result report = run("exam", "report");
    assertThat(report.out()).contains("0% · FAIL", "Graded late", "Graded late, at 2026-03-01 13:00", "deadline of 2026-03-01 10:30",
        "tamper-proof");
    assertThat(kubelab.attempt().path("gradedBy").asText()).isEqualTo("late");
    assertThat(ok("exam", "history").out()).contains("mini-20260301-100000", "FAIL 0%", "graded late");
  }

  @Test
  void resumeInANewProcessContinuesWithTheTimeLeft() throws Exception {
    start();
    answerNamespace();
    // kubelab crashed or the terminal closed; 10 minutes later, a new process
    kubelab.clock.advance(Duration.ofMinutes(10));
    ExamKubelab.Result r = ok("exam", "resume");
    assertThat(r.out()).contains("Resuming A mini exam", "0:20:00 left", "answered 1/1");
    kubelab.paintBlue(kubelab.namespace("colour"));
    assertThat(ok("exam", "submit", "--yes").out()).contains("100% · PASS", "time used 10m 00s");
  }

  @Test
  void hintsAndSolutionsAreLockedDuringTheExam() {
    ok("start", "basics/config");
    start();
    ExamKubelab.Result hint = run("hint");
    assertThat(hint.exitCode()).isEqualTo(2);
    assertThat(hint.err()).contains("hints are locked during the exam", "30m 00s left", "'exam submit'");
    assertThat(run("solution").err()).contains("solutions are locked during the exam");
    run("exam", "submit", "--yes");
    assertThat(ok("hint").out()).contains("Hint 1");
  }

  @Test
  void historyListsAttemptsWithScoresAndCleanRemovesTheNamespaces() throws Exception {
    start();
    String ns = kubelab.namespace("colour");
    run("exam", "submit", "--yes");
    assertThat(ok("exam", "history").out()).contains("mini-20260301-100000", "FAIL 0%", "submitted", "namespaces kept");
    ok("exam", "clean");
    assertThat(client.namespaces().withName(ns).get()).isNull();
    assertThat(kubelab.attempt().path("cleaned").asBoolean()).isTrue();
    assertThat(run("exam", "report", "mini-20260301-100000").out()).contains("0% · FAIL", "no answer given");
  }

  @Test
  void theShellPromptShowsTheClock() throws Exception {
    start();
    kubelab.clock.advance(Duration.ofMinutes(1));
    ExamKubelab.Result r = kubelab.shell("exam status\nquit\n");
    assertThat(r.out()).contains("kubelab [exam mini 0:29:00 left]> ");
  }

  @Test
  void inTheShellTheDeadlineGradesAtOnce() throws Exception {
    start();
    kubelab.paintBlue(kubelab.namespace("colour"));
    kubelab.clock.set(ExamKubelab.T0.plus(Duration.ofMinutes(30)));
    // the prompt arms the deadline timer; past the deadline it fires at once, with no exam command typed
    kubelab.shell("quit\n");
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
        .until(() -> kubelab.attempt().path("state").asText().equals("graded"));
    assertThat(kubelab.attempt().path("gradedBy").asText()).isEqualTo("deadline");
    assertThat(kubelab.attempt().path("score").asDouble()).isEqualTo(60.0);
  }

  @Test
  void duringAnExamAsAndAnswerActOnTheCurrentTaskAndCheckIsLocked() throws Exception {
    start();
    int task = kubelab.task("namespace");
    ok("exam", "task", String.valueOf(task));
    String ns = kubelab.namespace("namespace");
    ExamKubelab.Result as = run("as", "dev", "kubectl", "auth", "can-i", "list", "pods");
    assertThat(as.exitCode()).as(as.toString()).isZero();
    assertThat(as.out()).contains("as user dana (groups team-a)", "--namespace " + ns + " auth can-i list pods")
        .doesNotContain("no lab started");
    assertThat(run("as", "nobody", "get", "pods").err()).contains("no identity 'nobody' in exam task " + task, "dev, app");

    ExamKubelab.Result answer = ok("answer", "ns-name", ns);
    assertThat(answer.out()).contains("Answer recorded for task " + task + " (ns-name)");
    assertThat(kubelab.attempt().path("tasks").get(task - 1).path("answers").path("ns-name").asText()).isEqualTo(ns);

    ExamKubelab.Result check = run("check");
    assertThat(check.exitCode()).isEqualTo(2);
    assertThat(check.err()).contains("checks are locked during the exam", "30m 00s left");
    assertThat(run("watch").err()).contains("checks are locked during the exam");
  }

  @Test
  void submitWithTimeLeftAsksFirstAndWithoutATerminalSaysToAddYes() throws Exception {
    start();
    ExamKubelab.Result r = run("exam", "submit");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("error: the exam has 30m 00s left, and there is no terminal here to confirm ending it",
        "hint: 'exam submit --yes' submits without asking");
    assertThat(kubelab.attempt().path("state").asText()).isEqualTo("running");

    ExamKubelab.Result no = kubelab.shell("exam submit\nn\nquit\n");
    assertThat(no.out()).contains("Submit now? [y/N]", "Not submitted; the clock runs on (30m 00s left).");
    assertThat(kubelab.attempt().path("state").asText()).isEqualTo("running");

    ExamKubelab.Result yes = kubelab.shell("exam submit\ny\nquit\n");
    assertThat(yes.out()).contains("Submit now? [y/N]", "% · FAIL");
    assertThat(kubelab.attempt().path("gradedBy").asText()).isEqualTo("submitted");
  }

  @Test
  void peopleReadTimesInTheirZoneToTheMinuteAndTheFilesKeepUtc() throws Exception {
    ExamKubelab.Result r = start();
    assertThat(r.out()).contains("until 2026-03-01 10:30").doesNotContain("10:30:00Z");
    assertThat(ok("exam", "status").out()).contains("deadline 2026-03-01 10:30)");
    assertThat(kubelab.attempt().path("deadline").asText()).isEqualTo("2026-03-01T10:30:00Z");
  }
}
