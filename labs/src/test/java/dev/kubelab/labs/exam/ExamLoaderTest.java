package dev.kubelab.labs.exam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelab.labs.api.KubelabException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExamLoaderTest {
  static final String GOOD = """
      name: mini
      title: A mini exam
      description: Two domains.
      minutes: 30
      passMark: 66
      domains:
        - id: first
          title: First
          weight: 30
          draw: 2
          tasks:
            - {lab: ch/a, exercise: one}
            - {lab: ch/a, exercise: two, points: 7}
            - {lab: ch/b, exercise: four}
        - id: none-yet
          title: Nothing yet
          weight: 20
          draw: 0
          tasks: []
      """;

  @Test
  void loadsAnExamWithPointsFromTheExerciseOrTheOverride() {
    ExamCatalog catalog = new ExamLoader(ExamFixtures.files(Map.of("exams/index.yaml", "exams: [mini]\n", "exams/mini.yaml", GOOD)),
        ExamFixtures.course()).load();
    ExamDefinition e = catalog.require("mini");
    assertThat(e.minutes()).isEqualTo(30);
    assertThat(e.passMark()).isEqualTo(66);
    assertThat(e.taskCount()).isEqualTo(2);
    assertThat(e.domain("first").tasks()).extracting(ExamDefinition.TaskRef::points).containsExactly(2, 7, 2);
    assertThat(e.domain("none-yet").tasks()).isEmpty();
  }

  @Test
  void aCourseWithoutAnIndexHasNoExams() {
    assertThat(new ExamLoader(ExamFixtures.files(Map.of()), ExamFixtures.course()).load().exams()).isEmpty();
  }

  @Test
  void everyProblemIsReportedWithFileLineAndField() {
    String bad = """
        name: other
        title: Bad
        minutes: 0
        passMark: 120
        domains:
          - id: first
            title: First
            weight: 30
            draw: 3
            tasks:
              - {lab: ch/aa, exercise: one}
              - {lab: ch/a, exercise: tow}
              - {lab: ch/b, exercise: four}
              - {lab: ch/b, exercise: four}
              - {lab: ch/b, exercise: five, point: 3}
        """;
    assertThatThrownBy(() -> new ExamLoader(ExamFixtures.files(Map.of("exams/index.yaml", "exams: [bad, missing, bad]\n",
        "exams/bad.yaml", bad)), ExamFixtures.course()).load())
        .isInstanceOf(KubelabException.class)
        .hasMessageContaining("exams/index.yaml:1: exams[1]: no file exams/missing.yaml")
        .hasMessageContaining("exams/index.yaml:1: exams[2]: exam 'bad' is listed twice")
        .hasMessageContaining("exams/bad.yaml:1: name: must be 'bad', the file's name")
        .hasMessageContaining("exams/bad.yaml:3: minutes: must be between 1 and 1440, found 0")
        .hasMessageContaining("exams/bad.yaml:4: passMark: must be a percentage between 1 and 100, found 120")
        .hasMessageContaining("exams/bad.yaml:11: domains[0].tasks[0].lab: no lab 'ch/aa' in the course (did you mean ch/a?)")
        .hasMessageContaining("exams/bad.yaml:12: domains[0].tasks[1].exercise: lab ch/a has no exercise 'tow' (did you mean two?)")
        .hasMessageContaining("exams/bad.yaml:14: domains[0].tasks[3]: task ch/b › four is already in this exam")
        .hasMessageContaining("exams/bad.yaml:15: domains[0].tasks[4].point: unknown field (did you mean 'points'?)");
  }

  @Test
  void aDomainCannotDrawMoreThanItsPool() {
    String exam = GOOD.replace("draw: 2", "draw: 4");
    assertThatThrownBy(() -> new ExamLoader(ExamFixtures.files(Map.of("exams/index.yaml", "exams: [mini]\n", "exams/mini.yaml", exam)),
        ExamFixtures.course()).load())
        .hasMessageContaining("exams/mini.yaml:10: domains[0].draw: draws 4 tasks but the pool has 3");
  }

  @Test
  void anUnknownExamSuggestsTheNearest() {
    ExamCatalog catalog = new ExamLoader(ExamFixtures.files(Map.of("exams/index.yaml", "exams: [mini]\n", "exams/mini.yaml", GOOD)),
        ExamFixtures.course()).load();
    assertThatThrownBy(() -> catalog.require("mimi")).isInstanceOf(KubelabException.class)
        .hasMessage("no exam 'mimi'")
        .satisfies(e -> assertThat(((KubelabException) e).hint()).contains("did you mean mini?"));
  }
}
