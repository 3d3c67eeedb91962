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

  /** Every lab the exam may draw a task from, in pool order. */
  public java.util.List<String> labs() {
    return domains.stream().flatMap(d -> d.tasks().stream()).map(TaskRef::lab).distinct().toList();
  }

  /** The exam with the tasks of these labs left out of every pool (a cluster that cannot run them). */
  public ExamDefinition without(java.util.Set<String> labs) {
    return new ExamDefinition(name, title, description, minutes, passMark, domains.stream()
        .map(d -> new Domain(d.id(), d.title(), d.weight(), d.draw(), d.tasks().stream().filter(t -> !labs.contains(t.lab())).toList()))
        .toList());
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
