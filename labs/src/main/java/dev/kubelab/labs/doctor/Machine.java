package dev.kubelab.labs.doctor;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What this machine offers kubelab's embedded k3s, as {@link MachineProbe} found it. Tests build
 * one by hand; {@link MachineCheck} judges it.
 *
 * @param engine         the container engine Testcontainers reached, if any
 * @param engineMissing  why none was reached (empty when one was)
 * @param sockets        engine sockets that exist on this machine, reached or not (e.g. Podman's, with DOCKER_HOST unset)
 * @param linux          whether this machine runs Linux (else an engine always runs in a VM)
 * @param cpus           CPUs this machine has
 * @param memoryAvailable free memory of this machine in bytes (MemAvailable), if it could be read
 * @param cgroupVersion  this machine's cgroup version (1 or 2) from /sys/fs/cgroup, if it is Linux
 * @param kernel         the kernel modules NetworkPolicy enforcement needs, by module name
 * @param k3sImage       whether the k3s image is there or can be pulled
 */
public record Machine(
    Optional<Engine> engine,
    String engineMissing,
    List<String> sockets,
    boolean linux,
    int cpus,
    OptionalLong memoryAvailable,
    OptionalInt cgroupVersion,
    Map<String, Module> kernel,
    Image k3sImage) {

  /**
   * The engine as its own API describes it.
   *
   * @param endpoint       where Testcontainers reached it, e.g. unix:///var/run/docker.sock
   * @param name           its host name (Info.Name: "colima", "lima-rancher-desktop", "docker-desktop")
   * @param os             its operating system (Info.OperatingSystem: "Docker Desktop", "Ubuntu 24.04 LTS")
   * @param version        its server version
   * @param rootless       whether it runs without root (a "name=rootless" security option)
   * @param cgroupVersion  the cgroup version it runs containers with, if it says
   * @param cpus           CPUs it has (in a VM: the VM's)
   * @param memory         memory it has in bytes (in a VM: the VM's total)
   * @param pullsThrough   what it pulls images through: its Docker Hub mirrors, its HTTPS proxy ("proxy http://...")
   */
  public record Engine(String endpoint, String name, String os, String version, boolean rootless, OptionalInt cgroupVersion,
      int cpus, long memory, List<String> pullsThrough) {

    /** Which engine it is, recognised from its socket and what it says about itself. */
    public String kind() {
      String all = (endpoint + " " + name + " " + os + " " + version).toLowerCase(Locale.ROOT);
      if (all.contains("colima")) return "Colima";
      if (all.contains("rancher-desktop") || all.contains("rancher desktop") || endpoint.contains("/.rd/")) return "Rancher Desktop";
      if (all.contains("podman")) return "Podman";
      if (all.contains("docker desktop") || all.contains("docker-desktop")) return "Docker Desktop";
      return "Docker Engine";
    }

    /** Whether it runs in a VM of its own, whose kernel and memory are not this machine's. */
    public boolean inVm(boolean linuxHost) {
      return !linuxHost || java.util.Set.of("Colima", "Rancher Desktop", "Docker Desktop").contains(kind())
          || !endpoint.startsWith("unix://");
    }
  }

  /** A kernel module as this machine has it. */
  public enum Module {
    /** Loaded, or built into the kernel. */
    PRESENT,
    /** On disk, not loaded: k3s cannot load it from inside its container. */
    LOADABLE,
    /** Neither loaded nor on disk. */
    MISSING,
    /** Cannot be told from here (not Linux, or no module list to read). */
    UNKNOWN
  }

  /** The k3s image: in the engine already, or pullable, or neither, or not known. */
  public record Image(ImageState state, String detail) {}

  public enum ImageState { PRESENT, PULLABLE, UNREACHABLE, UNKNOWN }
}
