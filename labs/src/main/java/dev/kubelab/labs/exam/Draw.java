package dev.kubelab.labs.exam;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Draws an attempt's tasks: from each domain's pool as many as it draws, then all of them in one
 * shuffled order. The same exam and seed always give the same tasks in the same order
 * ({@link Random} and {@link Collections#shuffle(List, Random)} are specified to the bit).
 */
public final class Draw {
  private Draw() {}

  public static List<DrawnTask> draw(ExamDefinition exam, long seed) {
    Random random = new Random(seed);
    List<DrawnTask> picked = new ArrayList<>();
    for (ExamDefinition.Domain d : exam.domains()) {
      List<ExamDefinition.TaskRef> pool = new ArrayList<>(d.tasks());
      Collections.shuffle(pool, random);
      for (ExamDefinition.TaskRef t : pool.subList(0, d.draw())) {
        picked.add(new DrawnTask(0, d.id(), t.lab(), t.exercise(), t.points()));
      }
    }
    Collections.shuffle(picked, random);
    List<DrawnTask> numbered = new ArrayList<>();
    for (int i = 0; i < picked.size(); i++) {
      DrawnTask t = picked.get(i);
      numbered.add(new DrawnTask(i + 1, t.domain(), t.lab(), t.exercise(), t.points()));
    }
    return List.copyOf(numbered);
  }
}
