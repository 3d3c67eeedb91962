package dev.kubelab.labs.kubevirt;

import dev.kubelab.labs.api.KubelabException;
import java.util.OptionalLong;

/**
 * Which mode a fresh install uses, and why, in a sentence the learner is shown.
 *
 * @param mode   full or manifest
 * @param reason why, in plain words, with the way to change it (it follows "full mode: " or "manifest mode: ")
 */
record ModeChoice(Mode mode, String reason) {
  static final long MIB = 1024L * 1024;
  /**
   * Free memory full mode wants on a cluster without KubeVirt: about 0.5 GiB for KubeVirt's own
   * pods (operator, API, controller, the node agent) and about 1 GiB for a small VM, i.e. a
   * 128 MiB guest plus QEMU and its pod's overhead, with room to spare.
   */
  static final long FULL_NEEDS = 1536 * MIB;
  /** What a small VM alone wants once KubeVirt runs: the threshold preflight holds full mode to. */
  static final long VM_NEEDS = 1024 * MIB;

  /**
   * Decides the mode: the override when it is set, else full when the machine has the memory
   * for a VM (or its memory cannot be measured), else manifest.
   *
   * @param override the value of KUBELAB_KUBEVIRT_MODE, or null
   * @param free     free memory in bytes, if it could be measured
   * @param where    where it was measured, e.g. "on node k3s-server (MemAvailable)"
   */
  static ModeChoice decide(String override, OptionalLong free, String where) {
    if (override != null && !override.isBlank()) {
      Mode m = Mode.parse(override).orElseThrow(() -> badOverride(override));
      return new ModeChoice(m, m == Mode.FULL
          ? "as " + Mode.OVERRIDE + " asks, VMs boot on this cluster"
          : "as " + Mode.OVERRIDE + " asks, KubeVirt validates and stores VM definitions, and no VM boots");
    }
    if (free.isEmpty()) {
      return new ModeChoice(Mode.FULL, "VMs boot on this cluster (kubelab could not measure its free memory;"
          + " if VMs stay Pending for lack of memory, set " + Mode.OVERRIDE + "=manifest)");
    }
    long mib = free.getAsLong() / MIB;
    if (free.getAsLong() < FULL_NEEDS) {
      return new ModeChoice(Mode.MANIFEST, "only " + mib + " MiB of memory is free " + where + ", and booting VMs"
          + " needs about " + FULL_NEEDS / MIB + " MiB (about 0.5 GiB for KubeVirt's own pods, 1 GiB for a small VM)."
          + " KubeVirt still validates and stores your VM definitions, and they are graded by their spec; they just never boot."
          + " Free memory (or give Docker more), then set " + Mode.OVERRIDE + "=full to switch");
    }
    return new ModeChoice(Mode.FULL, mib + " MiB of memory is free " + where + ", enough to boot small VMs");
  }

  static KubelabException badOverride(String value) {
    return KubelabException.usage(Mode.OVERRIDE + " is '" + value + "', which kubelab does not know",
        "set it to full (VMs boot) or manifest (VMs are defined and graded, never booted), or unset it to let kubelab choose");
  }
}
