package dev.kubelab.labs.exam;

import dev.kubelab.labs.api.Chapter;
import dev.kubelab.labs.api.CheckResult;
import dev.kubelab.labs.api.CheckSpec;
import dev.kubelab.labs.api.Course;
import dev.kubelab.labs.api.Exercise;
import dev.kubelab.labs.api.Lab;
import dev.kubelab.labs.content.ContentSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A small course built in memory, and exam files served from a map. */
final class ExamFixtures {
  private ExamFixtures() {}

  static Course course() {
    Lab a = lab("a", "one", "two", "three");
    Lab b = lab("b", "four", "five");
    return new Course("test", List.of(new Chapter("ch", "Chapter", 1, "", "", List.of(a, b))), Map.of());
  }

  private static Lab lab(String id, String... exercises) {
    List<Exercise> list = java.util.Arrays.stream(exercises).map(e -> new Exercise(e, "Title " + e, "", e + ".md", 2, List.of(),
        new Exercise.Solution(List.of(), List.of(), Map.of(), null, null),
        List.of(new CheckSpec("c", "exists", 1, null, null, Map.of(), "x")))).toList();
    return new Lab("ch/" + id, "ch", "Lab " + id, "", null, Lab.Requirements.NONE, List.of("main"), List.of(), List.of(), list, Map.of());
  }

  static ContentSource files(Map<String, String> files) {
    return new ContentSource() {
      @Override
      public Optional<String> read(String path) {
        return Optional.ofNullable(files.get(path));
      }

      @Override
      public String describe() {
        return "test files";
      }
    };
  }

  static ExamDefinition.Domain domain(String id, int weight, int draw, ExamDefinition.TaskRef... tasks) {
    return new ExamDefinition.Domain(id, "Domain " + id, weight, draw, List.of(tasks));
  }

  static ExamDefinition.TaskRef task(String lab, String exercise, int points) {
    return new ExamDefinition.TaskRef(lab, exercise, points);
  }

  static CheckResult check(String id, boolean passed, int weight) {
    return new CheckResult(id, "field", passed ? CheckResult.Status.PASSED : CheckResult.Status.FAILED,
        passed ? "ok" : "expected x, found y", null, weight);
  }

  static CheckResult skipped(String id, int weight) {
    return new CheckResult(id, "exec", CheckResult.Status.SKIPPED, "needs a real cluster", null, weight);
  }
}
