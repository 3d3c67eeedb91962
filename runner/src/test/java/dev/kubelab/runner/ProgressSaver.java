package dev.kubelab.runner;

import dev.kubelab.runner.progress.ExerciseRecord;
import dev.kubelab.runner.progress.ProgressStore;
import java.nio.file.Path;
import java.time.Clock;

/**
 * A second kubelab for ProgressMergeTest: saves a pass per round, each under its own exercise,
 * and a hint on one exercise every round shares, as a one-shot command in another terminal would.
 */
public final class ProgressSaver {
  private ProgressSaver() {}

  /** Arguments: the progress file, this saver's name, how many rounds. */
  public static void main(String[] args) {
    save(Path.of(args[0]), args[1], Integer.parseInt(args[2]));
  }

  static void save(Path file, String name, int rounds) {
    ProgressStore store = new ProgressStore(file, Clock.systemUTC(), warning -> {
      throw new IllegalStateException(warning);
    });
    for (int r = 0; r < rounds; r++) {
      if (r % 5 == 0) store.reload(); // as the shell does before each command
      ExerciseRecord rec = store.data().lab(ProgressMergeTest.LAB).exercise(name + "-" + r);
      rec.passed = true;
      store.data().lab(ProgressMergeTest.LAB).exercise("shared").hintsShown.add(name + "-" + r);
      store.save();
    }
  }
}
