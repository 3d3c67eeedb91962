package dev.kubelab.labs.doctor;

/** Looks at this machine for {@code kubelab doctor}; tests pass their own facts. */
@FunctionalInterface
public interface MachineProbe {

  /** What this machine offers, the image named being the k3s image kubelab would start. */
  Machine probe(String k3sImage);

  /** The real machine: Testcontainers' engine detection, /proc, /sys, the registry over the network. */
  static MachineProbe system() {
    return new SystemProbe();
  }
}
