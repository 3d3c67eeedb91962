package dev.kubelab.runner.progress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BinaryOperator;
import java.util.function.Supplier;

/**
 * A three-way merge of progress: what one kubelab changed since it read the file (ours, against
 * the base it read), applied onto what another kubelab saved meanwhile (theirs). A field only one
 * side changed takes that side's value. Where both changed it, nothing the learner earned is lost:
 * passed and solutionViewed stay true, bestScore and hintsUsed take the higher, hintsShown joins
 * both, passedAt keeps the first pass, maps merge key by key; the rest (the position, nodes, a
 * lab's start, an answer) is ours, the later saver's. A key one side removed and the other changed
 * is kept as changed.
 *
 * <p>The result is written into ours in place: commands hold records they took from the progress
 * before saving, and what they change afterwards must still be saved.
 */
final class ProgressMerge {
  private ProgressMerge() {}

  static void into(Progress ours, Progress base, Progress theirs) {
    // the position is one thing: a lab from one side with an exercise from the other names nothing
    boolean moved = !Objects.equals(ours.currentLab, base.currentLab) || !Objects.equals(ours.currentExercise, base.currentExercise);
    if (!moved) {
      ours.currentLab = theirs.currentLab;
      ours.currentExercise = theirs.currentExercise;
    }
    ours.version = pick(base.version, ours.version, theirs.version, Math::max);
    ours.labs = records(ours.labs, base.labs, theirs.labs, LabRecord::new, ProgressMerge::lab);
  }

  private static void lab(LabRecord ours, LabRecord base, LabRecord theirs) {
    ours.startedAt = pick(base.startedAt, ours.startedAt, theirs.startedAt, ProgressMerge::ours);
    ours.setupUids = map(ours.setupUids, base.setupUids, theirs.setupUids, ProgressMerge::value);
    ours.nodes = inPlace(ours.nodes, pick(base.nodes, ours.nodes, theirs.nodes, ProgressMerge::ours));
    ours.addons = map(ours.addons, base.addons, theirs.addons, ProgressMerge::value);
    ours.exercises = records(ours.exercises, base.exercises, theirs.exercises, ExerciseRecord::new, ProgressMerge::exercise);
  }

  private static void exercise(ExerciseRecord ours, ExerciseRecord base, ExerciseRecord theirs) {
    ours.passed = pick(base.passed, ours.passed, theirs.passed, Boolean::logicalOr);
    ours.passedAt = pick(base.passedAt, ours.passedAt, theirs.passedAt, ProgressMerge::earlier);
    ours.bestScore = pick(base.bestScore, ours.bestScore, theirs.bestScore, Math::max);
    ours.hintsUsed = pick(base.hintsUsed, ours.hintsUsed, theirs.hintsUsed, Math::max);
    ours.hintsShown = inPlace(ours.hintsShown, pick(base.hintsShown, ours.hintsShown, theirs.hintsShown, ProgressMerge::union));
    ours.solutionViewed = pick(base.solutionViewed, ours.solutionViewed, theirs.solutionViewed, Boolean::logicalOr);
    ours.answers = map(ours.answers, base.answers, theirs.answers, ProgressMerge::value);
  }

  /** The side that changed the value; the rule if both changed it differently. */
  private static <T> T pick(T base, T ours, T theirs, BinaryOperator<T> both) {
    if (Objects.equals(ours, base)) return theirs;
    if (Objects.equals(theirs, base) || Objects.equals(ours, theirs)) return ours;
    return both.apply(ours, theirs);
  }

  private interface Merge<V> {
    /** Both sides hold the key; base is null if neither had it when it was read. */
    V apply(V ours, V base, V theirs);
  }

  /** Key by key into ours: its keys keep their order, keys only theirs has come after them. */
  private static <V> Map<String, V> map(Map<String, V> ours, Map<String, V> base, Map<String, V> theirs,
      Merge<V> both) {
    Map<String, V> result = ours != null ? ours : new LinkedHashMap<>();
    Map<String, V> before = base != null ? base : Map.of();
    Map<String, V> now = theirs != null ? theirs : Map.of();
    Set<String> keys = new LinkedHashSet<>(result.keySet());
    keys.addAll(now.keySet());
    for (String key : keys) {
      V b = before.get(key);
      V o = result.get(key);
      V t = now.get(key);
      if (o != null && t != null) result.put(key, both.apply(o, b, t));
      else if (t != null && (b == null || !same(t, b))) result.put(key, t); // they added or changed it
      else if (o != null && b != null && same(o, b)) result.remove(key); // they removed it, we left it alone
    }
    return ours == null && result.isEmpty() ? null : result;
  }

  private static <R> Map<String, R> records(Map<String, R> ours, Map<String, R> base, Map<String, R> theirs,
      Supplier<R> empty, TriConsumer<R> merge) {
    return map(ours, base, theirs, (o, b, t) -> {
      merge.accept(o, b != null ? b : empty.get(), t);
      return o;
    });
  }

  private interface TriConsumer<R> {
    void accept(R ours, R base, R theirs);
  }

  /** A string, or an add-on's value: maps merge key by key, anything else is ours if both changed it. */
  @SuppressWarnings("unchecked")
  private static <V> V value(V ours, V base, V theirs) {
    if (ours instanceof Map && theirs instanceof Map) {
      return (V) map((Map<String, Object>) ours, base instanceof Map ? (Map<String, Object>) base : null,
          (Map<String, Object>) theirs, ProgressMerge::value);
    }
    return pick(base, ours, theirs, ProgressMerge::ours);
  }

  /**
   * Whether two values hold the same: records by their JSON, as they have no equals of their own
   * and are compared only when a key was removed on one side.
   */
  private static boolean same(Object a, Object b) {
    if (!(a instanceof LabRecord || a instanceof ExerciseRecord)) return Objects.equals(a, b);
    try {
      return Arrays.equals(ProgressFormat.write(a), ProgressFormat.write(b));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static <T> T ours(T ours, T theirs) {
    return ours;
  }

  /** ISO-8601 instants in UTC, as kubelab writes them, sort as strings. */
  private static String earlier(String ours, String theirs) {
    if (ours == null || theirs == null) return ours != null ? ours : theirs;
    return ours.compareTo(theirs) <= 0 ? ours : theirs;
  }

  private static List<String> union(List<String> ours, List<String> theirs) {
    Set<String> all = new LinkedHashSet<>(ours != null ? ours : List.of());
    if (theirs != null) all.addAll(theirs);
    return new ArrayList<>(all);
  }

  /** The merged list in the list callers already hold. */
  private static List<String> inPlace(List<String> held, List<String> merged) {
    if (held == null || merged == null) return merged;
    if (!held.equals(merged)) {
      List<String> copy = new ArrayList<>(merged);
      held.clear();
      held.addAll(copy);
    }
    return held;
  }
}
