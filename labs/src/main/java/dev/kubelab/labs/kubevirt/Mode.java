package dev.kubelab.labs.kubevirt;

import java.util.Locale;
import java.util.Optional;

/**
 * How KubeVirt serves the labs. In {@code full} mode VMs boot (with KVM, or emulated); in
 * {@code manifest} mode KubeVirt's API and controllers run but no node runs VMs, so VM
 * definitions are validated and graded by their spec and status, and never boot.
 */
enum Mode {
  FULL,
  MANIFEST;

  /** The environment variable that overrides the automatic choice. */
  static final String OVERRIDE = "KUBELAB_KUBEVIRT_MODE";

  /** The word used in templates ({@code ${kubevirt.mode}}) and annotations. */
  String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Optional<Mode> parse(String text) {
    if (text == null) return Optional.empty();
    for (Mode m : values()) {
      if (m.id().equals(text.trim().toLowerCase(Locale.ROOT))) return Optional.of(m);
    }
    return Optional.empty();
  }
}
