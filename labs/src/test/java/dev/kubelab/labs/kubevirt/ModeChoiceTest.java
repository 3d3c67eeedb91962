package dev.kubelab.labs.kubevirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelab.labs.api.KubelabException;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ModeChoiceTest {
  static final long GIB = 1024L * 1024 * 1024;

  @Test
  void enoughFreeMemoryBootsVms() {
    ModeChoice c = ModeChoice.decide(null, OptionalLong.of(6 * GIB), "on node k3s-server (MemAvailable)");
    assertThat(c.mode()).isEqualTo(Mode.FULL);
    assertThat(c.reason()).contains("6144 MiB").contains("on node k3s-server");
  }

  @Test
  void tooLittleMemoryMeansManifestModeSayingWhyAndHowToSwitch() {
    ModeChoice c = ModeChoice.decide(null, OptionalLong.of(GIB), "on node k3s-server (MemAvailable)");
    assertThat(c.mode()).isEqualTo(Mode.MANIFEST);
    assertThat(c.reason()).startsWith("only 1024 MiB of memory is free on node k3s-server").contains("1536 MiB")
        .contains("graded by their spec").contains("KUBELAB_KUBEVIRT_MODE=full");
  }

  @Test
  void theOverrideWinsWhateverTheMemory() {
    assertThat(ModeChoice.decide("manifest", OptionalLong.of(64 * GIB), "").mode()).isEqualTo(Mode.MANIFEST);
    assertThat(ModeChoice.decide(" FULL ", OptionalLong.of(GIB / 2), "").mode()).isEqualTo(Mode.FULL);
    assertThat(ModeChoice.decide("full", OptionalLong.empty(), "").reason()).isEqualTo("as KUBELAB_KUBEVIRT_MODE asks, VMs boot on this cluster");
  }

  @Test
  void unmeasurableMemoryTriesFullModeAndNamesTheWayOut() {
    ModeChoice c = ModeChoice.decide("", OptionalLong.empty(), "");
    assertThat(c.mode()).isEqualTo(Mode.FULL);
    assertThat(c.reason()).contains("could not measure").contains("KUBELAB_KUBEVIRT_MODE=manifest");
  }

  @Test
  void anUnknownOverrideIsAUsageError() {
    assertThatThrownBy(() -> ModeChoice.decide("fast", OptionalLong.empty(), ""))
        .isInstanceOfSatisfying(KubelabException.class, e -> {
          assertThat(e.exitCode()).isEqualTo(KubelabException.USAGE);
          assertThat(e.getMessage()).contains("KUBELAB_KUBEVIRT_MODE is 'fast'");
          assertThat(e.hint()).contains("full").contains("manifest");
        });
  }
}
