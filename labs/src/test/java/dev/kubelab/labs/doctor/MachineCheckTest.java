package dev.kubelab.labs.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelab.labs.cluster.ClusterOptions;
import dev.kubelab.labs.cluster.Footprint;
import dev.kubelab.labs.doctor.Finding.Mark;
import dev.kubelab.labs.doctor.Machine.Module;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The machine's verdicts from facts given by hand, so no test depends on the host it runs on. */
class MachineCheckTest {
  static final long GIB = 1024 * Footprint.MIB;
  static final Map<String, Footprint> ADDONS = Map.of("kubevirt", new Footprint(1536 * Footprint.MIB, 1, "KubeVirt with a small VM",
      "KubeVirt runs in manifest mode"));

  static Machine.Engine docker(OptionalInt cgroup, boolean rootless, int cpus, long memory) {
    return new Machine.Engine("unix:///var/run/docker.sock", "build-host", "Ubuntu 24.04 LTS", "27.5.1", rootless, cgroup, cpus, memory, List.of());
  }

  static Map<String, Module> modules(Module ipSet, Module xtSet) {
    Map<String, Module> m = new LinkedHashMap<>();
    m.put("ip_tables", Module.PRESENT);
    m.put("ip_set", ipSet);
    m.put("xt_set", xtSet);
    m.put("br_netfilter", Module.PRESENT);
    return m;
  }

  static Machine linuxHost(Optional<Machine.Engine> engine, long free, Map<String, Module> kernel, Machine.Image image) {
    return new Machine(engine, engine.isPresent() ? "" : "no socket answered", List.of(), true, 8, OptionalLong.of(free), OptionalInt.of(2),
        kernel, image);
  }

  static final Machine.Image PRESENT = new Machine.Image(Machine.ImageState.PRESENT, "rancher/k3s:v1 is in the engine already");

  static ClusterOptions options(ClusterOptions.Cgroups cgroups, int agents) {
    return new ClusterOptions(Path.of("/tmp/home"), null, null, "rancher/k3s:v1", false, cgroups, agents, false);
  }

  static Finding topic(List<Finding> findings, String topic) {
    return findings.stream().filter(f -> f.topic().equals(topic)).findFirst().orElseThrow(() -> new AssertionError("no " + topic + " in " + findings));
  }

  @Test
  void aWellEquippedLinuxHostHasNothingInTheWay() {
    Machine m = linuxHost(Optional.of(docker(OptionalInt.of(2), false, 8, 16 * GIB)), 12 * GIB, modules(Module.PRESENT, Module.PRESENT), PRESENT);
    List<Finding> f = MachineCheck.check(m, options(ClusterOptions.Cgroups.PRIVATE, 0), 3, ADDONS);
    assertThat(f).allSatisfy(x -> assertThat(x.mark()).as(x.toString()).isEqualTo(Mark.OK));
    assertThat(topic(f, "container engine").found()).contains("Docker Engine 27.5.1", "unix:///var/run/docker.sock");
    assertThat(topic(f, "cgroups").found()).contains("cgroup v2", "--cgroups private fits");
    assertThat(topic(f, "memory").found()).contains("12.0 GiB free on this machine", "wants 1.5 GiB");
    assertThat(topic(f, "memory, kubevirt").found()).contains("3.0 GiB");
    assertThat(topic(f, "NetworkPolicy kernel").found()).contains("ip_set", "xt_set");
  }

  @Test
  void noEngineBlocksWithTheWaysOut() {
    Machine m = linuxHost(Optional.empty(), 12 * GIB, modules(Module.PRESENT, Module.PRESENT),
        new Machine.Image(Machine.ImageState.UNKNOWN, "no container engine to ask"));
    List<Finding> f = MachineCheck.check(m, options(ClusterOptions.Cgroups.PRIVATE, 0), 1, Map.of());
    Finding engine = topic(f, "container engine");
    assertThat(engine.mark()).isEqualTo(Mark.FAIL);
    assertThat(engine.found()).contains("no socket answered");
    assertThat(engine.fix()).contains("colima start", "--kubeconfig");
    assertThat(topic(f, "k3s image").mark()).isEqualTo(Mark.WARN);
    assertThat(f.stream().filter(Finding::blocks)).containsExactly(engine);
  }

  @Test
  void aSocketTestcontainersDidNotReachIsNamedWithDockerHost() {
    Machine m = new Machine(Optional.empty(), "no socket answered", List.of("/run/user/1000/podman/podman.sock"), true, 4,
        OptionalLong.of(8 * GIB), OptionalInt.of(2), modules(Module.PRESENT, Module.PRESENT), PRESENT);
    Finding engine = topic(MachineCheck.check(m, options(ClusterOptions.Cgroups.PRIVATE, 0), 1, Map.of()), "container engine");
    assertThat(engine.mark()).isEqualTo(Mark.FAIL);
    assertThat(engine.fix()).contains("export DOCKER_HOST=unix:///run/user/1000/podman/podman.sock", "podman.socket");
  }

  @Test
  void cgroupV1WantsHostAndV2WantsPrivate() {
    Machine v1 = linuxHost(Optional.of(docker(OptionalInt.of(1), false, 8, 16 * GIB)), 12 * GIB, modules(Module.PRESENT, Module.PRESENT), PRESENT);
    Finding wrong = MachineCheck.cgroups(v1, ClusterOptions.Cgroups.PRIVATE);
    assertThat(wrong.mark()).isEqualTo(Mark.WARN);
    assertThat(wrong.fix()).isEqualTo("start kubelab with --cgroups host");
    assertThat(MachineCheck.cgroups(v1, ClusterOptions.Cgroups.HOST).mark()).isEqualTo(Mark.OK);
    Machine v2 = linuxHost(Optional.of(docker(OptionalInt.of(2), false, 8, 16 * GIB)), 12 * GIB, modules(Module.PRESENT, Module.PRESENT), PRESENT);
    assertThat(MachineCheck.cgroups(v2, ClusterOptions.Cgroups.HOST).fix()).isEqualTo("start kubelab with --cgroups private");
    // a rootless engine cannot bind the host's tree, whatever the version
    Machine rootless = linuxHost(Optional.of(docker(OptionalInt.of(1), true, 8, 16 * GIB)), 12 * GIB, modules(Module.PRESENT, Module.PRESENT), PRESENT);
    assertThat(MachineCheck.cgroups(rootless, ClusterOptions.Cgroups.PRIVATE).mark()).isEqualTo(Mark.OK);
    // no engine: this machine's own /sys/fs/cgroup decides
    Machine none = linuxHost(Optional.empty(), 12 * GIB, modules(Module.PRESENT, Module.PRESENT), PRESENT);
    assertThat(MachineCheck.cgroups(none, ClusterOptions.Cgroups.PRIVATE).found()).contains("this machine has cgroup v2");
  }

  @Test
  void aColimaVmIsJudgedByItsOwnMemoryAndCpusAndItsKernelIsUnknown() {
    Machine.Engine colima = new Machine.Engine("unix:///Users/ann/.colima/default/docker.sock", "colima", "Ubuntu 24.04 LTS", "27.4.0",
        false, OptionalInt.of(2), 2, 2 * GIB, List.of());
    Machine mac = new Machine(Optional.of(colima), "", List.of(), false, 10, OptionalLong.of(20 * GIB), OptionalInt.empty(),
        modules(Module.UNKNOWN, Module.UNKNOWN), PRESENT);
    List<Finding> f = MachineCheck.check(mac, options(ClusterOptions.Cgroups.PRIVATE, 0), 3, ADDONS);
    assertThat(topic(f, "container engine").found()).startsWith("Colima 27.4.0");
    assertThat(topic(f, "memory").found()).contains("2.0 GiB in Colima's VM");
    assertThat(topic(f, "memory").mark()).isEqualTo(Mark.OK);
    Finding kubevirt = topic(f, "memory, kubevirt");
    assertThat(kubevirt.mark()).isEqualTo(Mark.WARN);
    assertThat(kubevirt.found()).contains("manifest mode");
    assertThat(kubevirt.fix()).contains("colima start --cpu 4 --memory 6");
    assertThat(topic(f, "memory, 3-node labs").mark()).isEqualTo(Mark.WARN);
    assertThat(topic(f, "NetworkPolicy kernel").found()).contains("VM");
    assertThat(topic(f, "CPUs").found()).startsWith("2 in the engine's VM");
  }

  @Test
  void tooLittleMemoryForK3sBlocks() {
    Machine m = linuxHost(Optional.of(docker(OptionalInt.of(2), false, 8, 16 * GIB)), 900 * Footprint.MIB,
        modules(Module.PRESENT, Module.PRESENT), PRESENT);
    Finding memory = topic(MachineCheck.check(m, options(ClusterOptions.Cgroups.PRIVATE, 0), 1, ADDONS), "memory");
    assertThat(memory.mark()).isEqualTo(Mark.FAIL);
    assertThat(memory.found()).contains("900 MiB free", "1.5 GiB", "may not start");
    // the agents asked for count too
    Machine roomy = linuxHost(Optional.of(docker(OptionalInt.of(2), false, 8, 16 * GIB)), 1800 * Footprint.MIB,
        modules(Module.PRESENT, Module.PRESENT), PRESENT);
    assertThat(topic(MachineCheck.check(roomy, options(ClusterOptions.Cgroups.PRIVATE, 0), 1, Map.of()), "memory").mark()).isEqualTo(Mark.OK);
    assertThat(topic(MachineCheck.check(roomy, options(ClusterOptions.Cgroups.PRIVATE, 2), 1, Map.of()), "memory").mark()).isEqualTo(Mark.FAIL);
  }

  @Test
  void kernelModulesOnDiskButNotLoadedAreModprobed() {
    Machine loadable = linuxHost(Optional.of(docker(OptionalInt.of(2), false, 8, 16 * GIB)), 12 * GIB,
        modules(Module.PRESENT, Module.LOADABLE), PRESENT);
    Finding k = topic(MachineCheck.check(loadable, options(ClusterOptions.Cgroups.PRIVATE, 0), 1, Map.of()), "NetworkPolicy kernel");
    assertThat(k.mark()).isEqualTo(Mark.WARN);
    assertThat(k.fix()).isEqualTo("sudo modprobe -a xt_set");
    Machine missing = linuxHost(Optional.of(docker(OptionalInt.of(2), false, 8, 16 * GIB)), 12 * GIB,
        modules(Module.MISSING, Module.PRESENT), PRESENT);
    Finding m = topic(MachineCheck.check(missing, options(ClusterOptions.Cgroups.PRIVATE, 0), 1, Map.of()), "NetworkPolicy kernel");
    assertThat(m.found()).contains("lacks ip_set", "refused");
    Machine unknown = linuxHost(Optional.of(docker(OptionalInt.of(2), false, 8, 16 * GIB)), 12 * GIB,
        modules(Module.PRESENT, Module.UNKNOWN), PRESENT);
    Finding u = topic(MachineCheck.check(unknown, options(ClusterOptions.Cgroups.PRIVATE, 0), 1, Map.of()), "NetworkPolicy kernel");
    assertThat(u.found()).contains("cannot tell whether xt_set");
    assertThat(u.fix()).contains("--recheck");
  }

  @Test
  void anUnreachableRegistryBlocksUnlessTheEnginePullsThroughAMirrorOrProxy() {
    Machine.Image unreachable = new Machine.Image(Machine.ImageState.UNREACHABLE, "rancher/k3s:v1 is not pulled yet, and its registry does not answer");
    Machine bare = linuxHost(Optional.of(docker(OptionalInt.of(2), false, 8, 16 * GIB)), 12 * GIB, modules(Module.PRESENT, Module.PRESENT), unreachable);
    Finding f = topic(MachineCheck.check(bare, options(ClusterOptions.Cgroups.PRIVATE, 0), 1, Map.of()), "k3s image");
    assertThat(f.mark()).isEqualTo(Mark.FAIL);
    assertThat(f.fix()).contains("--k3s-image MIRROR/rancher/k3s:TAG");
    Machine.Engine mirrored = new Machine.Engine("unix:///var/run/docker.sock", "h", "Ubuntu", "27", false, OptionalInt.of(2), 8, 16 * GIB,
        List.of("https://harbor.corp/v2/hub"));
    Machine withMirror = linuxHost(Optional.of(mirrored), 12 * GIB, modules(Module.PRESENT, Module.PRESENT), unreachable);
    Finding m = topic(MachineCheck.check(withMirror, options(ClusterOptions.Cgroups.PRIVATE, 0), 1, Map.of()), "k3s image");
    assertThat(m.mark()).isEqualTo(Mark.WARN);
    assertThat(m.found()).contains("harbor.corp");
    Machine.Engine proxied = new Machine.Engine("unix:///var/run/docker.sock", "h", "Ubuntu", "27", false, OptionalInt.of(2), 8, 16 * GIB,
        List.of("proxy http://proxy.corp:3128"));
    Machine withProxy = linuxHost(Optional.of(proxied), 12 * GIB, modules(Module.PRESENT, Module.PRESENT), unreachable);
    Finding p = topic(MachineCheck.check(withProxy, options(ClusterOptions.Cgroups.PRIVATE, 0), 1, Map.of()), "k3s image");
    assertThat(p.mark()).isEqualTo(Mark.WARN);
    assertThat(p.found()).contains("pulls through proxy http://proxy.corp:3128");
  }

  @Test
  void enginesAreRecognisedFromTheirSocketAndInfo() {
    assertThat(engine("unix:///run/user/1000/podman/podman.sock", "fedora", "Fedora Linux 41").kind()).isEqualTo("Podman");
    assertThat(engine("unix:///Users/ann/.rd/docker.sock", "lima-rancher-desktop", "Alpine Linux v3.20").kind()).isEqualTo("Rancher Desktop");
    assertThat(engine("unix:///var/run/docker.sock", "docker-desktop", "Docker Desktop").kind()).isEqualTo("Docker Desktop");
    assertThat(engine("unix:///Users/ann/.colima/default/docker.sock", "colima", "Ubuntu").kind()).isEqualTo("Colima");
    assertThat(engine("unix:///var/run/docker.sock", "build-host", "Ubuntu 24.04 LTS").kind()).isEqualTo("Docker Engine");
    assertThat(engine("unix:///var/run/docker.sock", "build-host", "Ubuntu 24.04 LTS").inVm(true)).isFalse();
    assertThat(engine("unix:///var/run/docker.sock", "docker-desktop", "Docker Desktop").inVm(true)).isTrue();
    assertThat(engine("tcp://10.0.0.5:2376", "remote", "Ubuntu").inVm(true)).isTrue();
  }

  private static Machine.Engine engine(String endpoint, String name, String os) {
    return new Machine.Engine(endpoint, name, os, "1", false, OptionalInt.empty(), 4, 8 * GIB, List.of());
  }
}
