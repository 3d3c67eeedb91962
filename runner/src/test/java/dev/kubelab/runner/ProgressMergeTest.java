package dev.kubelab.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.runner.progress.ExerciseRecord;
import dev.kubelab.runner.progress.LabRecord;
import dev.kubelab.runner.progress.Progress;
import dev.kubelab.runner.progress.ProgressStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two kubelabs (a shell and a one-shot command in another terminal) that save the progress at
 * nearly the same time both keep what they did: each save applies what its store changed since it
 * read the file onto what is in the file now.
 */
class ProgressMergeTest {
  static final String LAB = "basics/config";

  @TempDir
  Path dir;

  final List<String> warnings = Collections.synchronizedList(new ArrayList<>());

  ProgressStore store() {
    return store(dir.resolve("progress.json"));
  }

  ProgressStore store(Path file) {
    return new ProgressStore(file, ProgressStoreTest.CLOCK, warnings::add);
  }

  @ParameterizedTest(name = "A saves first: {0}")
  @ValueSource(booleans = {true, false})
  void twoStoresThatChangeDifferentThingsKeepBoth(boolean aFirst) {
    ProgressStore seed = store();
    seed.data().currentLab = LAB;
    seed.data().lab(LAB).exercise("x");
    seed.save();

    ProgressStore a = store();
    ProgressStore b = store();
    LabRecord aLab = a.data().lab(LAB);
    LabRecord bLab = b.data().lab(LAB);
    ExerciseRecord x = aLab.exercise("x");
    x.passed = true;
    x.passedAt = "2026-03-01T10:05:00Z";
    x.bestScore = 2;
    ExerciseRecord y = bLab.exercise("y");
    y.hintsUsed = 1;
    y.hintsShown.add("check:mounted");
    y.answers.put("port", "8080");
    b.data().currentLab = "storage/claims";
    b.data().currentExercise = "bind";
    ProgressStore first = aFirst ? a : b;
    ProgressStore second = aFirst ? b : a;
    first.save();
    second.save();

    for (Progress p : List.of(store().data(), second.data())) {
      assertThat(p.currentLab).isEqualTo("storage/claims");
      assertThat(p.currentExercise).isEqualTo("bind");
      ExerciseRecord px = p.labOrEmpty(LAB).exerciseOrEmpty("x");
      assertThat(px.passed).isTrue();
      assertThat(px.passedAt).isEqualTo("2026-03-01T10:05:00Z");
      assertThat(px.bestScore).isEqualTo(2);
      ExerciseRecord py = p.labOrEmpty(LAB).exerciseOrEmpty("y");
      assertThat(py.hintsUsed).isEqualTo(1);
      assertThat(py.hintsShown).containsExactly("check:mounted");
      assertThat(py.answers).containsEntry("port", "8080");
    }
    // the later saver's records are the ones it handed out, now showing the other's work too
    LabRecord held = aFirst ? bLab : aLab;
    assertThat(second.data().lab(LAB)).isSameAs(held);
    assertThat(held.exerciseOrEmpty("x").passed).isTrue();
    assertThat(held.exerciseOrEmpty("y").answers).containsEntry("port", "8080");
    assertThat(warnings).isEmpty();
  }

  @Test
  void whenBothChangeTheSameFieldEachFieldHasItsRule() {
    ProgressStore seed = store();
    ExerciseRecord s = seed.data().lab(LAB).exercise("x");
    s.bestScore = 1;
    s.hintsUsed = 1;
    s.hintsShown.add("0");
    s.answers.put("port", "80");
    seed.data().currentLab = LAB;
    seed.save();

    ProgressStore a = store();
    ProgressStore b = store();
    ExerciseRecord ax = a.data().lab(LAB).exercise("x");
    ax.bestScore = 3;
    ax.hintsUsed = 2;
    ax.hintsShown.add("1");
    ax.passed = true;
    ax.passedAt = "2026-03-01T10:09:00Z";
    ax.answers.put("port", "8080");
    a.data().currentLab = "a/lab";
    ExerciseRecord bx = b.data().lab(LAB).exercise("x");
    bx.bestScore = 2;
    bx.hintsUsed = 3;
    bx.hintsShown.add("check:ready");
    bx.passed = true;
    bx.passedAt = "2026-03-01T10:07:00Z";
    bx.solutionViewed = true;
    bx.answers.put("port", "9090");
    b.data().currentLab = "b/lab";
    a.save();
    b.save();

    ExerciseRecord x = store().data().lab(LAB).exercise("x");
    assertThat(x.bestScore).as("the higher score").isEqualTo(3);
    assertThat(x.hintsUsed).as("the higher count").isEqualTo(3);
    assertThat(x.hintsShown).as("every hint shown, once").containsExactly("0", "check:ready", "1");
    assertThat(x.passed).isTrue();
    assertThat(x.solutionViewed).isTrue();
    assertThat(x.passedAt).as("the first pass").isEqualTo("2026-03-01T10:07:00Z");
    assertThat(x.answers).as("the later saver's answer").containsEntry("port", "9090");
    assertThat(store().data().currentLab).as("the later saver's position").isEqualTo("b/lab");
    assertThat(bx.bestScore).isEqualTo(3);
    assertThat(bx.hintsShown).containsExactly("0", "check:ready", "1");
  }

  @Test
  void aRecordTakenBeforeAMergingSaveIsStillSavedAfterIt() {
    store().save();
    ProgressStore shell = store();
    ExerciseRecord colour = shell.data().lab(LAB).exercise("colour");
    LabRecord lab = shell.data().lab(LAB);
    ProgressStore oneShot = store();
    oneShot.data().lab(LAB).exercise("size").passed = true;
    oneShot.save();

    colour.solutionViewed = true;
    shell.save(); // merges the one-shot's pass in
    colour.answers.put("colour", "blue");
    lab.startedAt = "2026-03-01T10:00:00Z";
    shell.save(); // nothing changed on disk: must still write what the old references hold

    Progress back = store().data();
    assertThat(back.lab(LAB).exercise("colour").answers).containsEntry("colour", "blue");
    assertThat(back.lab(LAB).exercise("colour").solutionViewed).isTrue();
    assertThat(back.lab(LAB).exercise("size").passed).isTrue();
    assertThat(back.lab(LAB).startedAt).isEqualTo("2026-03-01T10:00:00Z");
    assertThat(shell.data().lab(LAB)).isSameAs(lab);
    assertThat(lab.exercise("size").passed).isTrue();
  }

  @Test
  void aKeyOneSideRemovedFollowsTheOtherSideOnlyIfItChangedIt() {
    ProgressStore seed = store();
    seed.data().lab(LAB).setupUids.put("ConfigMap/ns/kept", "uid-1");
    seed.data().lab(LAB).setupUids.put("ConfigMap/ns/gone", "uid-2");
    seed.save();
    ProgressStore a = store();
    ProgressStore b = store();
    a.data().lab(LAB).setupUids.clear();
    b.data().lab(LAB).setupUids.put("ConfigMap/ns/kept", "uid-3");
    b.save();
    a.save();
    assertThat(store().data().lab(LAB).setupUids).containsExactly(java.util.Map.entry("ConfigMap/ns/kept", "uid-3"));
  }

  @Test
  void manyKubelabsSavingAtOnceLoseNoUpdate() throws Exception {
    store().save();
    int threads = 4;
    int rounds = 40;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        done.add(pool.submit(() -> {
          ProgressStore own = store();
          for (int r = 0; r < rounds; r++) {
            if (r % 5 == 0) own.reload(); // as the shell does before each command
            ExerciseRecord rec = own.data().lab(LAB).exercise("t" + id + "-" + r);
            rec.passed = true;
            own.data().lab(LAB).exercise("shared").hintsShown.add(id + "-" + r);
            own.data().lab("t" + id).exercise("count").hintsUsed = r + 1;
            own.save();
          }
          return null;
        }));
      }
      for (Future<?> f : done) f.get(60, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }

    Progress back = store().data();
    List<String> lost = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      for (int r = 0; r < rounds; r++) {
        if (!back.labOrEmpty(LAB).exerciseOrEmpty("t" + t + "-" + r).passed) lost.add("pass t" + t + "-" + r);
        if (!back.labOrEmpty(LAB).exerciseOrEmpty("shared").hintsShown.contains(t + "-" + r)) lost.add("hint " + t + "-" + r);
      }
      if (back.labOrEmpty("t" + t).exerciseOrEmpty("count").hintsUsed != rounds) lost.add("count t" + t);
    }
    assertThat(lost).as("updates lost").isEmpty();
    assertThat(warnings).isEmpty();
  }

  /** The OS lock: within one JVM the lock per path alone would keep the stress test above whole. */
  @Test
  void anotherProcessSavingAtTheSameTimeLosesNothing() throws Exception {
    Path file = dir.resolve("progress.json");
    int rounds = 150;
    String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    Process other = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), ProgressSaver.class.getName(),
        file.toString(), "other", String.valueOf(rounds))
        .redirectErrorStream(true).redirectOutput(dir.resolve("other.log").toFile()).start();
    try {
      // start once the other has saved, so that the two run side by side
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!(Files.exists(file) && Files.readString(file).contains("other-0")) && other.isAlive()
          && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      ProgressSaver.save(file, "this", rounds);
      assertThat(other.waitFor(30, TimeUnit.SECONDS)).as("the other process finished").isTrue();
    } finally {
      other.destroyForcibly();
    }
    assertThat(other.exitValue()).as(Files.readString(dir.resolve("other.log"))).isZero();

    Progress back = store().data();
    List<String> lost = new ArrayList<>();
    for (String name : List.of("this", "other")) {
      for (int r = 0; r < rounds; r++) {
        if (!back.labOrEmpty(LAB).exerciseOrEmpty(name + "-" + r).passed) lost.add("pass " + name + "-" + r);
        if (!back.labOrEmpty(LAB).exerciseOrEmpty("shared").hintsShown.contains(name + "-" + r)) lost.add("hint " + name + "-" + r);
      }
    }
    assertThat(lost).as("updates lost").isEmpty();
  }

  @Test
  void aFileDamagedSinceItWasReadIsKeptAsideAndOursIsWritten() throws Exception {
    ProgressStore shell = store();
    shell.data().currentLab = LAB;
    shell.save();
    Files.writeString(dir.resolve("progress.json"), "{ \"currentLab\": \"storage/x\", ");
    shell.data().lab(LAB).exercise("x").passed = true;
    shell.save();

    Path aside = dir.resolve("progress.json.corrupt-20260301T100000Z");
    assertThat(aside).content().contains("storage/x");
    assertThat(store().data().lab(LAB).exercise("x").passed).isTrue();
    assertThat(warnings).singleElement().asString().contains(aside.toString(), "could not be read");
  }

  @Test
  void aLockFileThatCannotBeCreatedDoesNotStopASave() throws Exception {
    Files.createDirectory(dir.resolve("progress.json.lock")); // a folder where the lock file belongs
    ProgressStore a = store();
    a.data().currentLab = LAB;
    a.save();
    assertThat(store().data().currentLab).isEqualTo(LAB);
    assertThat(warnings).isEmpty();
  }

  @Test
  void aFolderThatCannotBeCreatedFailsWithTheClearError() throws Exception {
    Files.writeString(dir.resolve("home"), "a file where the folder belongs");
    ProgressStore store = store(dir.resolve("home/progress.json"));
    store.data().currentLab = LAB;
    assertThatThrownBy(store::save).isInstanceOf(KubelabException.class)
        .hasMessageContaining("cannot save progress to").hasMessageContaining("home/progress.json");
  }

  @Test
  void aReadOnlyFolderFailsWithTheClearErrorWithoutWaiting() throws Exception {
    Path home = Files.createDirectory(dir.resolve("home"));
    ProgressStore store = store(home.resolve("progress.json"));
    store.data().currentLab = LAB;
    Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      assumeThat(Files.isWritable(home)).as("a folder root cannot write to").isFalse();
      long start = System.nanoTime();
      assertThatThrownBy(store::save).isInstanceOf(KubelabException.class).hasMessageContaining("cannot save progress to");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    } finally {
      Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }
}
