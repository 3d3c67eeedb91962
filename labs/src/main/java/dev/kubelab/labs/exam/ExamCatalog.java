package dev.kubelab.labs.exam;

import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.labs.api.Text;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The exams of a course, in the order its {@code exams/index.yaml} lists them. */
public record ExamCatalog(List<ExamDefinition> exams) {

  public Optional<ExamDefinition> exam(String name) {
    return exams.stream().filter(e -> e.name().equals(name)).findFirst();
  }

  /** The exam with this name, or a usage error naming the nearest ones. */
  public ExamDefinition require(String name) {
    return exam(name).orElseThrow(() -> {
      if (exams.isEmpty()) return KubelabException.usage("this course has no exams", "exams are listed in exams/index.yaml");
      String near = exams.stream().map(ExamDefinition::name)
          .min(Comparator.comparingInt(n -> Text.distance(n, name))).orElseThrow();
      return KubelabException.usage("no exam '" + name + "'", Text.distance(near, name) <= 3
          ? "did you mean " + near + "? 'exam list' shows them all" : "'exam list' shows the exams");
    });
  }

  public List<String> names() {
    return exams.stream().map(ExamDefinition::name).toList();
  }
}
