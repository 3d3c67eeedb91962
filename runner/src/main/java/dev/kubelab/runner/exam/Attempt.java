package dev.kubelab.runner.exam;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One sitting of an exam, stored as {@code attempt.json} in its own folder: what was drawn, where
 * each task runs, the learner's answers and flags, and, once graded, the score.
 */
public final class Attempt {
  public static final String RUNNING = "running";
  public static final String GRADED = "graded";

  public int version = 1;
  public String id;
  public String exam;
  public String title;
  public long seed;
  public int minutes;
  public String startedAt;
  public String deadline;
  public String state = RUNNING;
  public Integer currentTask;
  public List<AttemptTask> tasks = new ArrayList<>();
  public String gradedAt;
  public String gradedBy;
  public Double score;
  public Boolean passed;
  public boolean cleaned;

  @JsonIgnore
  public boolean running() {
    return RUNNING.equals(state);
  }

  @JsonIgnore
  public Instant deadlineInstant() {
    return Instant.parse(deadline);
  }

  /** Time left at {@code now}; zero once the deadline has passed. */
  public Duration remaining(Instant now) {
    Duration d = Duration.between(now, deadlineInstant());
    return d.isNegative() ? Duration.ZERO : d;
  }

  public Optional<AttemptTask> task(int number) {
    return tasks.stream().filter(t -> t.number == number).findFirst();
  }
}
