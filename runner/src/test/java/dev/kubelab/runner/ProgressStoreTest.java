package dev.kubelab.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelab.runner.progress.ExerciseRecord;
import dev.kubelab.runner.progress.Progress;
import dev.kubelab.runner.progress.ProgressStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgressStoreTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);

  @TempDir
  Path dir;

  final List<String> warnings = new ArrayList<>();

  ProgressStore store() {
    return new ProgressStore(dir.resolve("progress.json"), CLOCK, warnings::add);
  }

  @Test
  void aSaveByAnotherKubelabIsSeenWithoutReadingAndOwnSavesAreNot() {
    ProgressStore shell = store();
    shell.data().currentLab = "basics/config";
    shell.save();
    assertThat(shell.changedOnDisk()).isFalse();
    assertThat(shell.reloadIfChanged()).isFalse();
    ProgressStore oneShot = store();
    oneShot.data().lab("basics/config").exercise("colour").passed = true;
    oneShot.save();
    assertThat(shell.changedOnDisk()).isTrue();
    assertThat(shell.data().lab("basics/config").exercise("colour").passed).isFalse();
    assertThat(shell.reloadIfChanged()).isTrue();
    assertThat(shell.data().lab("basics/config").exercise("colour").passed).isTrue();
    assertThat(shell.changedOnDisk()).isFalse();
  }

  @Test
  void roundTrip() {
    ProgressStore store = store();
    Progress p = store.data();
    p.currentLab = "storage/dynamic-provisioning";
    p.currentExercise = "claim";
    p.lab("storage/dynamic-provisioning").setupUids.put("ConfigMap/ns/settings", "uid-1");
    ExerciseRecord claim = p.lab("storage/dynamic-provisioning").exercise("claim");
    claim.passed = true;
    claim.passedAt = "2026-03-01T10:00:00Z";
    claim.hintsUsed = 2;
    claim.hintsShown.addAll(List.of("0", "check:bound"));
    claim.solutionViewed = true;
    claim.answers.put("cidr", "10.42.0.0/24");
    claim.bestScore = 2.5;
    store.save();

    Progress back = store().data();
    assertThat(back.currentLab).isEqualTo("storage/dynamic-provisioning");
    assertThat(back.currentExercise).isEqualTo("claim");
    assertThat(back.lab("storage/dynamic-provisioning").setupUids).containsEntry("ConfigMap/ns/settings", "uid-1");
    ExerciseRecord r = back.lab("storage/dynamic-provisioning").exercise("claim");
    assertThat(r.passed).isTrue();
    assertThat(r.passedAt).isEqualTo("2026-03-01T10:00:00Z");
    assertThat(r.hintsUsed).isEqualTo(2);
    assertThat(r.hintsShown).containsExactly("0", "check:bound");
    assertThat(r.solutionViewed).isTrue();
    assertThat(r.answers).containsEntry("cidr", "10.42.0.0/24");
    assertThat(r.bestScore).isEqualTo(2.5);
    assertThat(back.lab("storage/dynamic-provisioning").answers()).containsEntry("claim/cidr", "10.42.0.0/24");
    assertThat(warnings).isEmpty();
  }

  /** The lock file stays, empty: deleting it would let two kubelabs each lock a file of that name. */
  @Test
  void aSaveLeavesNoTemporaryFileBehind() throws Exception {
    ProgressStore store = store();
    store.data().currentLab = "a/b";
    store.save();
    store.data().currentLab = "c/d";
    store.save();
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("progress.json", "progress.json.lock");
    }
    assertThat(Files.readString(dir.resolve("progress.json"))).contains("c/d");
    assertThat(dir.resolve("progress.json.lock")).isEmptyFile();
  }

  @Test
  void aMissingFileIsEmptyProgress() {
    assertThat(store().data().labs).isEmpty();
    assertThat(warnings).isEmpty();
  }

  @Test
  void aCorruptFileIsKeptAsideAndReportedNeverSilentlyReplaced() throws Exception {
    Files.writeString(dir.resolve("progress.json"), "{ \"currentLab\": \"storage/x\", ");
    ProgressStore store = store();
    assertThat(store.data().currentLab).isNull();
    Path aside = dir.resolve("progress.json.corrupt-20260301T100000Z");
    assertThat(aside).exists().content().contains("storage/x");
    assertThat(dir.resolve("progress.json")).doesNotExist();
    assertThat(warnings).singleElement().asString()
        .contains(dir.resolve("progress.json").toString(), aside.toString(), "empty progress");
    store.save();
    assertThat(aside).exists();
  }

  @Test
  void unknownFieldsFromANewerVersionDoNotBreakReading() throws Exception {
    Files.writeString(dir.resolve("progress.json"), "{\"currentLab\":\"a/b\",\"futureField\":42}");
    assertThat(store().data().currentLab).isEqualTo("a/b");
    assertThat(warnings).isEmpty();
  }
}
