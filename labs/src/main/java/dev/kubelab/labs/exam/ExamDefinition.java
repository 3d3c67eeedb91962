package dev.kubelab.labs.exam;

import java.time.Duration;
import java.util.List;

/**
 * A timed exam as written in {@code exams/<name>.yaml}: how long it lasts, the mark to pass, and
 * its domains, each with a weight, a pool of tasks and how many of them an attempt draws.
 */
public record ExamDefinition(
    String name, String title, String description, int minutes, int passMark, List<Domain> domains) {

  public Duration duration() {
    return Duration.ofMinutes(minutes);
  }

  /** How many tasks an attempt draws. */
  public int taskCount() {
    return domains.stream().mapToInt(Domain::draw).sum();
  }

  public Domain domain(String id) {
    return domains.stream().filter(d -> d.id().equals(id)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no domain '" + id + "' in exam " + name));
  }

  /**
   * A domain of the exam. Its {@code weight} counts among the domains an attempt draws tasks from;
   * a domain without tasks (the course has none for it yet) draws none and its weight is shared out.
   */
  public record Domain(String id, String title, int weight, int draw, List<TaskRef> tasks) {}

  /** An existing exercise used as an exam task; {@code points} is the exercise's own unless overridden. */
  public record TaskRef(String lab, String exercise, int points) {
    public String key() {
      return lab + "/" + exercise;
    }
  }
}
