package dev.kubelab.labs.cluster;

/**
 * What a part of a lab cluster takes from the machine (or the container engine's VM) it runs on:
 * memory and CPUs, and what it is. The numbers behind {@code kubelab doctor}'s verdicts live here
 * and with each add-on ({@code Addon.footprint()}), nowhere else.
 *
 * @param memory    bytes of memory it wants free
 * @param cpus      CPUs (cores) it wants
 * @param what      what it is, in a few words
 * @param withLess  what happens with less, in a few words
 */
public record Footprint(long memory, double cpus, String what, String withLess) {
  public static final long MIB = 1024L * 1024;

  /**
   * The k3s server with the labs' own pods: k3s's resource profiling measured about 1.6 GB for a
   * server with a small workload, and a core keeps the API server responsive while labs grade.
   */
  public static final Footprint K3S_SERVER = new Footprint(1536 * MIB, 1, "the k3s server with the labs' pods",
      "k3s may not start, or its pods get evicted");

  /** Each k3s agent node (multi-node labs): the kubelet and k3s agent measured about 275 MB, plus the labs' pods. */
  public static final Footprint K3S_AGENT = new Footprint(512 * MIB, 0.5, "a k3s agent node",
      "multi-node labs' pods may stay Pending");

  /** The embedded cluster with {@code agents} agent nodes beside the server. */
  public static Footprint k3s(int agents) {
    return new Footprint(K3S_SERVER.memory + agents * K3S_AGENT.memory, K3S_SERVER.cpus + agents * K3S_AGENT.cpus,
        agents == 0 ? "k3s (1 node)" : "k3s with " + (agents + 1) + " nodes", agents == 0 ? K3S_SERVER.withLess : K3S_AGENT.withLess);
  }

  /** This footprint and another on the same machine; with less, the other one suffers. */
  public Footprint plus(Footprint other) {
    return new Footprint(memory + other.memory, cpus + other.cpus, what + " and " + other.what, other.withLess);
  }

  /** Memory in words: "768 MiB", "2.5 GiB". */
  public static String size(long bytes) {
    long mib = bytes / MIB;
    return mib < 1024 ? mib + " MiB" : String.format(java.util.Locale.ROOT, "%.1f GiB", mib / 1024.0);
  }
}
