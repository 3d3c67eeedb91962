package dev.kubelab.labs.exam;

import static dev.kubelab.labs.exam.ExamFixtures.domain;
import static dev.kubelab.labs.exam.ExamFixtures.task;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DrawTest {
  static final ExamDefinition EXAM = new ExamDefinition("x", "X", "", 60, 66, List.of(
      domain("d1", 30, 3, task("l/a", "1", 1), task("l/a", "2", 1), task("l/a", "3", 1), task("l/a", "4", 1), task("l/a", "5", 1)),
      domain("d2", 20, 0),
      domain("d3", 10, 2, task("l/b", "1", 4), task("l/b", "2", 4), task("l/b", "3", 4))));

  private static List<String> keys(long seed) {
    return Draw.draw(EXAM, seed).stream().map(t -> t.domain() + ":" + t.lab() + "/" + t.exercise()).toList();
  }

  @Test
  void theSameSeedDrawsTheSameTasksInTheSameOrder() {
    assertThat(keys(42)).isEqualTo(keys(42));
    // pinned: java.util.Random is specified to the bit, so this draw holds on every JVM
    assertThat(keys(42)).containsExactly("d3:l/b/3", "d3:l/b/2", "d1:l/a/3", "d1:l/a/4", "d1:l/a/2");
  }

  @Test
  void drawsAsManyAsEachDomainSaysNumberedFromOne() {
    List<DrawnTask> tasks = Draw.draw(EXAM, 7);
    assertThat(tasks).hasSize(5);
    assertThat(tasks).extracting(DrawnTask::number).containsExactly(1, 2, 3, 4, 5);
    assertThat(tasks.stream().filter(t -> t.domain().equals("d1"))).hasSize(3);
    assertThat(tasks.stream().filter(t -> t.domain().equals("d3"))).hasSize(2).allMatch(t -> t.points() == 4);
    assertThat(new HashSet<>(tasks.stream().map(t -> t.lab() + t.exercise()).toList())).hasSize(5);
  }

  @Test
  void differentSeedsDrawDifferentSelectionsAndOrders() {
    Set<List<String>> draws = new HashSet<>();
    Set<Set<String>> selections = new HashSet<>();
    for (long seed = 0; seed < 50; seed++) {
      draws.add(keys(seed));
      selections.add(new HashSet<>(keys(seed)));
    }
    assertThat(draws).hasSizeGreaterThan(40);
    assertThat(selections).hasSizeGreaterThan(10);
    assertThat(keys(1)).isNotEqualTo(keys(2));
  }
}
