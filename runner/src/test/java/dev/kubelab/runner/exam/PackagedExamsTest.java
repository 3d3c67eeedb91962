package dev.kubelab.runner.exam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelab.labs.api.Course;
import dev.kubelab.labs.check.CheckKinds;
import dev.kubelab.labs.content.ContentSource;
import dev.kubelab.labs.content.CourseLoader;
import dev.kubelab.labs.exam.Draw;
import dev.kubelab.labs.exam.DrawnTask;
import dev.kubelab.labs.exam.ExamCatalog;
import dev.kubelab.labs.exam.ExamDefinition;
import dev.kubelab.labs.exam.ExamLoader;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The exams of the built-in course load and validate: every task is an exercise the course has. */
class PackagedExamsTest {
  static final Course COURSE = new CourseLoader(ContentSource.classpath(), CheckKinds.builtIn()).load(false);
  static final ExamCatalog EXAMS = new ExamLoader(ContentSource.classpath(), COURSE).load();

  @Test
  void theCkaExamIsTwoHoursWithFifteenOrMoreTasksAndTheCkaPassMark() {
    ExamDefinition cka = EXAMS.require("cka");
    assertThat(cka.minutes()).isEqualTo(120);
    assertThat(cka.passMark()).isEqualTo(66);
    assertThat(cka.taskCount()).isGreaterThanOrEqualTo(15);
    assertThat(cka.domains()).extracting(ExamDefinition.Domain::weight).containsExactly(30, 25, 20, 15, 10);
    assertThat(cka.taskCount()).isEqualTo(16);
    // every CKA domain draws tasks, networking included
    assertThat(cka.domains()).allSatisfy(d -> assertThat(d.draw()).as(d.id()).isPositive());
  }

  @Test
  void thePracticeExamIsThirtyMinutes() {
    ExamDefinition practice = EXAMS.require("practice");
    assertThat(practice.minutes()).isEqualTo(30);
    assertThat(practice.taskCount()).isBetween(3, 8);
  }

  @Test
  void everyDrawnTaskIsAnExerciseOfTheCourseAndAppearsOnce() {
    for (ExamDefinition e : EXAMS.exams()) {
      for (long seed = 0; seed < 20; seed++) {
        List<DrawnTask> tasks = Draw.draw(e, seed);
        assertThat(tasks).hasSize(e.taskCount());
        assertThat(new HashSet<>(tasks.stream().map(t -> t.lab() + "/" + t.exercise()).toList())).hasSize(tasks.size());
        for (DrawnTask t : tasks) assertThat(COURSE.requireLab(t.lab()).exercise(t.exercise())).isPresent();
      }
    }
  }
}
