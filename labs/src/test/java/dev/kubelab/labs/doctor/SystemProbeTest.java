package dev.kubelab.labs.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the real probe reads /proc, /sys and /lib, on a made-up root so the host does not matter. */
class SystemProbeTest {
  static final String RELEASE = "6.8.0-51-generic";

  @TempDir
  Path root;

  private Path file(String path, String text) throws Exception {
    Path p = root.resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    return p;
  }

  @Test
  void cgroupV2HasOneUnifiedTreeAndV1OneTreePerController() throws Exception {
    SystemProbe probe = new SystemProbe(root);
    assertThat(probe.cgroupVersion()).isEqualTo(OptionalInt.empty());
    Files.createDirectories(root.resolve("sys/fs/cgroup/memory"));
    Files.createDirectories(root.resolve("sys/fs/cgroup/unified")); // hybrid: the controllers are still v1
    assertThat(probe.cgroupVersion()).isEqualTo(OptionalInt.of(1));
    file("sys/fs/cgroup/cgroup.controllers", "cpuset cpu io memory pids\n");
    assertThat(probe.cgroupVersion()).isEqualTo(OptionalInt.of(2));
  }

  @Test
  void memoryAvailableIsReadFromMeminfoInBytes() throws Exception {
    file("proc/meminfo", "MemTotal:       16318480 kB\nMemFree:          812344 kB\nMemAvailable:    9437184 kB\n");
    assertThat(new SystemProbe(root).memoryAvailable().getAsLong()).isEqualTo(9437184L * 1024);
  }

  @Test
  void aModuleIsLoadedBuiltInOnDiskMissingOrUnknown() throws Exception {
    SystemProbe probe = new SystemProbe(root);
    assertThat(probe.module("ip_set")).isEqualTo(Machine.Module.UNKNOWN); // no module list to read
    file("proc/sys/kernel/osrelease", RELEASE + "\n");
    Files.createDirectories(root.resolve("sys/module/ip_set"));
    file("lib/modules/" + RELEASE + "/modules.builtin", "kernel/net/ipv4/netfilter/ip_tables.ko\n");
    file("lib/modules/" + RELEASE + "/kernel/net/netfilter/xt_set.ko.zst", "");
    assertThat(probe.module("ip_set")).isEqualTo(Machine.Module.PRESENT);
    assertThat(probe.module("ip_tables")).isEqualTo(Machine.Module.PRESENT);
    assertThat(probe.module("xt_set")).isEqualTo(Machine.Module.LOADABLE);
    assertThat(probe.module("br_netfilter")).isEqualTo(Machine.Module.MISSING);
  }
}
