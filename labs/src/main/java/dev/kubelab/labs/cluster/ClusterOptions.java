package dev.kubelab.labs.cluster;

import java.nio.file.Path;

/**
 * How to get a cluster. With {@code kubeconfig} set, that cluster is used as it is; otherwise
 * kubelab runs k3s in a container.
 *
 * @param home        kubelab's home (kubeconfig of the embedded cluster is written there)
 * @param kubeconfig  an existing cluster's kubeconfig, or null for embedded k3s
 * @param context     the kubeconfig context, or null for its current one
 * @param k3sImage    the rancher/k3s image of the embedded cluster
 * @param keep        keep the embedded cluster running after kubelab exits (Testcontainers reuse)
 * @param cgroups     how the k3s container gets cgroups: PRIVATE (the k3s docs' way, works on
 *                    Podman and WSL2) or HOST (Testcontainers' default: host cgroup namespace and
 *                    /sys/fs/cgroup bound in; some cgroup v1 hosts need it)
 * @param agents      k3s agent nodes beside the server (multi-node labs: scheduling, drain, CNI)
 * @param traefik     keep k3s's bundled Traefik ingress controller (ingress labs)
 */
public record ClusterOptions(Path home, Path kubeconfig, String context, String k3sImage, boolean keep, Cgroups cgroups,
    int agents, boolean traefik) {

  /** A single-node cluster without Traefik: what most labs need. */
  public ClusterOptions(Path home, Path kubeconfig, String context, String k3sImage, boolean keep, Cgroups cgroups) {
    this(home, kubeconfig, context, k3sImage, keep, cgroups, 0, false);
  }

  /** The pinned k3s image; bump on purpose, with the real-cluster suite run against it. */
  public static final String DEFAULT_K3S_IMAGE = "rancher/k3s:v1.35.5-k3s1";

  public enum Cgroups { PRIVATE, HOST }

  /** Stable node names: the server, then agents 1..n; templates see them as ${nodes}. */
  public static final String SERVER_NODE = "k3s-server";

  public static String agentNode(int i) {
    return "k3s-agent-" + i;
  }

  public boolean embedded() {
    return kubeconfig == null;
  }

  public Path embeddedKubeconfig() {
    return home.resolve("k3s").resolve("kubeconfig.yaml");
  }
}
