package dev.kubelab.runner;

import static dev.kubelab.runner.RunResultAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How 'task' poses an exercise's questions and how 'answer' treats a question id it does not know; no cluster needed. */
class QuestionsTest {
  static final String LONG_OPTION = "The scheduler compares what the pod requests with what the node can still give,"
      + " which is its allocatable capacity minus the requests of the pods already placed there";

  @TempDir
  Path tmp;

  TestKubelab kubelab;

  @BeforeEach
  void setUp() {
    kubelab = new TestKubelab(tmp.resolve("home"), null);
    kubelab.clusters = () -> {
      throw new AssertionError("task and a wrong question id need no cluster");
    };
  }

  private void onExercise(String lab, String exercise) throws IOException {
    Files.createDirectories(kubelab.home);
    Files.writeString(kubelab.home.resolve("progress.json"),
        "{\"version\": 1, \"currentLab\": \"" + lab + "\", \"currentExercise\": \"" + exercise + "\"}");
  }

  private static int count(String text, String part) {
    Matcher m = Pattern.compile(Pattern.quote(part)).matcher(text);
    int n = 0;
    while (m.find()) n++;
    return n;
  }

  @Test
  void aQuestionTheInstructionsPoseIsNotPosedASecondTime() throws IOException {
    kubelab.content = null;
    onExercise("compute/workloads", "deployment");
    RunResult r = kubelab.run("task");
    assertThat(r).exitedWith(0).outContains("answer placement <number>");
    assertThat(count(r.out(), "answer placement")).as(r.out()).isEqualTo(1);
    assertThat(count(r.out(), "Which of the container's settings does the scheduler use")).as(r.out()).isEqualTo(1);
    assertThat(r.out()).doesNotContain("<option numbers>");
  }

  @Test
  void aQuestionTheInstructionsDoNotPoseIsShownOnceWithOneWayToAnswerAndItsOptionsWrapIndented() throws IOException {
    Path course = copyOfTestCourse();
    Path lab = course.resolve("chapters/basics/config/lab.yaml");
    Files.writeString(lab, Files.readString(lab).replace("ns-name: ${ns}\n", "ns-name: ${ns}\n        pick: \"1\"\n        pick-two: \"1,3\"\n")
        + """
              - id: pick
                kind: choice
                question: What does the scheduler compare?
                options:
                  - "%s"
                  - Live usage
                correct: [1]
              - id: pick-two
                kind: choice
                question: Which two are namespaced?
                options: [Pod, Node, Service]
                correct: [1, 3]
        """.formatted(LONG_OPTION).indent(0));
    kubelab.content = course;
    onExercise("basics/config", "namespace");
    RunResult r = kubelab.run("task");
    assertThat(r).exitedWith(0).outContains("What is the name of the lab's namespace?", "answer ns-name <your answer>",
        "answer pick <number>", "answer pick-two <numbers, e.g. 1,3>");
    assertThat(count(r.out(), "What does the scheduler compare?")).isEqualTo(1);
    assertThat(r.out()).doesNotContain("<option numbers>");
    // the long option wraps, and its second line lines up under the first, past the "1. "
    String[] lines = r.out().split("\n");
    int at = java.util.stream.IntStream.range(0, lines.length).filter(i -> lines[i].contains("1. The scheduler compares")).findFirst()
        .orElseThrow(() -> new AssertionError(r.out()));
    int textColumn = lines[at].indexOf("The scheduler");
    assertThat(lines[at + 1]).as(r.out()).startsWith(" ".repeat(textColumn)).doesNotStartWith(" ".repeat(textColumn + 1));
    assertThat(lines[at].length()).isLessThanOrEqualTo(100);
  }

  @Test
  void aWrongQuestionIdNamesTheQuestionsTheLearnerSeesAndTheClosestOne() throws IOException {
    kubelab.content = null;
    onExercise("compute/workloads", "deployment");
    RunResult r = kubelab.run("answer", "placment", "1");
    assertThat(r).exitedWith(2).errContains("no question 'placment'", "did you mean 'placement'?");
    assertThat(r.err()).doesNotContain("exercise deployment");
    RunResult none = kubelab.run("answer", "nosuch", "3");
    assertThat(none).exitedWith(2).errContains("this exercise's question is 'placement'", "answer placement <number>");
    assertThat(none.err()).doesNotContain("did you mean").doesNotContain("deployment has");
    assertThat(kubelab.home.resolve("progress.json")).content().doesNotContain("nosuch").doesNotContain("placment");
  }

  private Path copyOfTestCourse() throws IOException {
    Path from = TestKubelab.resource("testcourse");
    Path copy = tmp.resolve("course");
    try (var files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path to = copy.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) Files.createDirectories(to);
        else Files.copy(f, to);
      }
    }
    return copy;
  }
}
