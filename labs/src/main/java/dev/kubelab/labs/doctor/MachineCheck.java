package dev.kubelab.labs.doctor;

import dev.kubelab.labs.cluster.ClusterOptions;
import dev.kubelab.labs.cluster.Footprint;
import dev.kubelab.labs.cluster.K3sCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Judges what {@link MachineProbe} found against what the embedded k3s needs: an engine, the
 * cgroup mode that fits, CPUs and memory for k3s, multi-node labs and each add-on
 * ({@link Footprint}), the k3s image, and the kernel modules NetworkPolicy enforcement needs.
 */
public final class MachineCheck {
  private MachineCheck() {}

  /**
   * @param options    the cluster options kubelab would start k3s with (--cgroups, --agents, --k3s-image)
   * @param labNodes   the most nodes any lab of the course needs
   * @param addons     the footprint of each add-on the course installs, by id
   */
  public static List<Finding> check(Machine m, ClusterOptions options, int labNodes, Map<String, Footprint> addons) {
    List<Finding> out = new ArrayList<>();
    out.add(engine(m));
    m.engine().filter(Machine.Engine::rootless).ifPresent(e -> out.add(Finding.warn("rootless",
        e.kind() + " runs without root: k3s then needs cgroup v2 with the cpu, memory and pids controllers delegated to your user",
        "with systemd: 'Delegate=cpu cpuset io memory pids' for user@.service (the rootless docs of your engine);"
            + " if k3s still does not start, run the engine as root")));
    out.add(cgroups(m, options.cgroups()));
    boolean vm = m.engine().map(e -> e.inVm(m.linux())).orElse(!m.linux());
    int cpus = m.engine().filter(e -> e.cpus() > 0).map(Machine.Engine::cpus).orElse(m.cpus());
    out.add(cpus(cpus, vm, options.agents(), labNodes));
    OptionalLong memory = vm && m.engine().isPresent() ? OptionalLong.of(m.engine().get().memory()) : m.memoryAvailable();
    String where = vm && m.engine().isPresent() ? "in " + m.engine().get().kind() + "'s VM (its total)" : "free on this machine";
    out.addAll(memory(memory, where, vm, options.agents(), labNodes, addons));
    out.add(image(m, options.k3sImage()));
    out.add(kernel(m, vm));
    return out;
  }

  private static Finding engine(Machine m) {
    if (m.engine().isPresent()) {
      Machine.Engine e = m.engine().get();
      return Finding.ok("container engine", e.kind() + " " + e.version() + " at " + e.endpoint() + (e.rootless() ? " (rootless)" : ""));
    }
    String found = "none answers: " + m.engineMissing();
    if (!m.sockets().isEmpty()) {
      String socket = m.sockets().get(0);
      return Finding.fail("container engine", found + "; yet a socket is at " + socket,
          "is its engine running? Then point Testcontainers at it: export DOCKER_HOST=unix://" + socket
              + (socket.contains("podman") ? " (Podman: 'systemctl --user start podman.socket' or 'podman machine start')" : ""));
    }
    return Finding.fail("container engine", found, K3sCluster.noEngine().hint());
  }

  /** cgroup v2 wants a private cgroup namespace (the k3s docs' way); v1 hosts want the host's tree bound in. */
  static Finding cgroups(Machine m, ClusterOptions.Cgroups chosen) {
    OptionalInt version = m.engine().map(Machine.Engine::cgroupVersion).filter(OptionalInt::isPresent).orElse(m.cgroupVersion());
    boolean rootless = m.engine().map(Machine.Engine::rootless).orElse(false);
    String source = m.engine().map(Machine.Engine::cgroupVersion).filter(OptionalInt::isPresent).isPresent()
        ? "the engine runs containers with" : "this machine has";
    if (version.isEmpty()) {
      return Finding.warn("cgroups", "cannot tell which cgroup version the engine uses; --cgroups " + name(chosen),
          "private (the default) fits cgroup v2, Podman and WSL2; if k3s does not start, try --cgroups host");
    }
    ClusterOptions.Cgroups fits = version.getAsInt() == 2 || rootless ? ClusterOptions.Cgroups.PRIVATE : ClusterOptions.Cgroups.HOST;
    String found = source + " cgroup v" + version.getAsInt() + "; --cgroups " + name(fits) + " fits";
    if (fits == chosen) return Finding.ok("cgroups", found + " (in use)");
    return Finding.warn("cgroups", found + ", and kubelab would use --cgroups " + name(chosen),
        "start kubelab with --cgroups " + name(fits));
  }

  private static String name(ClusterOptions.Cgroups c) {
    return c.name().toLowerCase(java.util.Locale.ROOT);
  }

  private static Finding cpus(int cpus, boolean vm, int agents, int labNodes) {
    String where = vm ? " in the engine's VM" : "";
    Footprint now = Footprint.k3s(agents);
    Footprint biggest = Footprint.k3s(Math.max(agents, labNodes - 1));
    if (cpus < now.cpus()) {
      return Finding.fail("CPUs", cpus + where + "; " + now.what() + " wants " + fmt(now.cpus()), more(vm, "CPUs"));
    }
    if (cpus < 2 || cpus < biggest.cpus()) {
      return Finding.warn("CPUs", cpus + where + ": enough to start, slow for " + biggest.what() + " (wants " + Math.max(2, (int) Math.ceil(biggest.cpus())) + ")",
          more(vm, "CPUs"));
    }
    return Finding.ok("CPUs", cpus + where + ", enough for " + biggest.what());
  }

  private static List<Finding> memory(OptionalLong memory, String where, boolean vm, int agents, int labNodes,
      Map<String, Footprint> addons) {
    if (memory.isEmpty()) {
      return List.of(Finding.warn("memory", "could not be measured", "k3s wants about " + Footprint.size(Footprint.k3s(agents).memory()) + " free"));
    }
    String have = Footprint.size(memory.getAsLong());
    List<Finding> out = new ArrayList<>();
    Footprint k3s = Footprint.k3s(agents);
    if (memory.getAsLong() < k3s.memory()) {
      out.add(Finding.fail("memory", have + " " + where + "; " + k3s.what() + " wants " + Footprint.size(k3s.memory())
          + ": " + k3s.withLess(), more(vm, "memory")));
      return out;
    }
    out.add(Finding.ok("memory", have + " " + where + "; " + k3s.what() + " wants " + Footprint.size(k3s.memory())));
    if (labNodes > agents + 1) out.add(need("memory, " + labNodes + "-node labs", memory.getAsLong(), Footprint.k3s(labNodes - 1), vm));
    addons.forEach((id, f) -> out.add(need("memory, " + id, memory.getAsLong(), k3s.plus(f), vm)));
    return out;
  }

  private static Finding need(String topic, long have, Footprint wanted, boolean vm) {
    String found = wanted.what() + " want" + (wanted.what().contains(" and ") ? "" : "s") + " " + Footprint.size(wanted.memory());
    if (have >= wanted.memory()) return Finding.ok(topic, found);
    return Finding.warn(topic, found + ", more than there is: " + wanted.withLess(), more(vm, "memory"));
  }

  private static String more(boolean vm, String what) {
    return vm ? "give the engine's VM more " + what + " (Docker/Rancher Desktop: Settings › Resources; 'colima start --cpu 4 --memory 6';"
        + " 'podman machine set --cpus 4 --memory 6144')" : "close programs you do not need, or use a machine with more " + what;
  }

  private static Finding image(Machine m, String image) {
    Machine.Image i = m.k3sImage();
    List<String> through = m.engine().map(Machine.Engine::pullsThrough).orElse(List.of());
    return switch (i.state()) {
      case PRESENT -> Finding.ok("k3s image", i.detail());
      case PULLABLE -> Finding.ok("k3s image", i.detail() + "; the first start pulls it");
      case UNREACHABLE -> through.isEmpty()
          ? Finding.fail("k3s image", i.detail(), "check the network or proxy (the engine's own HTTPS_PROXY); or pull it from a mirror:"
              + " --k3s-image MIRROR/rancher/k3s:TAG, or 'docker pull' / 'docker load' " + image + " yourself")
          : Finding.warn("k3s image", i.detail() + "; your engine pulls through " + String.join(", ", through),
              "if the first start cannot pull it, 'docker pull " + image + "' shows why");
      case UNKNOWN -> Finding.warn("k3s image", image + ": " + i.detail(), "once an engine answers, the first start pulls it;"
          + " behind a proxy or rate limit use --k3s-image MIRROR/rancher/k3s:TAG");
    };
  }

  /** kube-router, k3s's NetworkPolicy controller, needs iptables, ipset and bridged traffic passing through iptables. */
  private static Finding kernel(Machine m, boolean vm) {
    String topic = "NetworkPolicy kernel";
    String proof = "kubelab proves enforcement before the first NetworkPolicy lab and remembers it ('start LAB --recheck' proves it again)";
    if (vm) {
      return Finding.warn(topic, "unknown: the engine runs in a VM whose kernel kubelab cannot read from here", proof);
    }
    List<String> missing = names(m, Machine.Module.MISSING);
    List<String> loadable = names(m, Machine.Module.LOADABLE);
    List<String> unknown = names(m, Machine.Module.UNKNOWN);
    if (!missing.isEmpty()) {
      return Finding.warn(topic, "the kernel lacks " + String.join(", ", missing) + ": NetworkPolicy labs will be refused",
          "a kernel with iptables, ipset and xt_set (CONFIG_IP_SET, CONFIG_NETFILTER_XT_SET, CONFIG_BRIDGE_NETFILTER)");
    }
    if (!loadable.isEmpty()) {
      return Finding.warn(topic, String.join(", ", loadable) + " not loaded, and k3s cannot load them from its container",
          "sudo modprobe -a " + String.join(" ", loadable));
    }
    if (!unknown.isEmpty()) {
      return Finding.warn(topic, "cannot tell whether " + String.join(", ", unknown) + " are there (loaded ones: "
          + (names(m, Machine.Module.PRESENT).isEmpty() ? "none seen" : String.join(", ", names(m, Machine.Module.PRESENT))) + ")", proof);
    }
    return Finding.ok(topic, String.join(", ", m.kernel().keySet()) + " are there");
  }

  private static List<String> names(Machine m, Machine.Module state) {
    return m.kernel().entrySet().stream().filter(e -> e.getValue() == state).map(Map.Entry::getKey).toList();
  }

  private static String fmt(double cpus) {
    return cpus == Math.floor(cpus) ? String.valueOf((int) cpus) : String.valueOf(cpus);
  }
}
