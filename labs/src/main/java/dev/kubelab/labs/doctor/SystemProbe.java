package dev.kubelab.labs.doctor;

import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Info;
import dev.kubelab.labs.grade.Errors;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.utility.DockerImageName;

/**
 * The real machine. The engine is found the way the embedded cluster finds it (Testcontainers'
 * own detection), bounded in time so a hung socket cannot stall the doctor; everything else is
 * read from /proc and /sys, and the registry is asked over HTTPS with a short timeout.
 */
final class SystemProbe implements MachineProbe {
  private static final Duration ENGINE_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration REGISTRY_TIMEOUT = Duration.ofSeconds(4);
  /** What kube-router, k3s's NetworkPolicy controller, filters with: iptables, ipset, and the bridge passing through iptables. */
  static final List<String> POLICY_MODULES = List.of("ip_tables", "ip_set", "xt_set", "br_netfilter");

  /** Where /proc, /sys and /lib are: "/" but in tests. */
  private final Path root;

  SystemProbe() {
    this(Path.of("/"));
  }

  SystemProbe(Path root) {
    this.root = root;
  }

  @Override
  public Machine probe(String k3sImage) {
    boolean linux = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux");
    Optional<Machine.Engine> engine = Optional.empty();
    String missing = "";
    try {
      engine = CompletableFuture.supplyAsync(SystemProbe::engine).get(ENGINE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      if (engine.isEmpty()) missing = "Testcontainers found no Docker-compatible engine (no DOCKER_HOST, no socket answered)";
    } catch (java.util.concurrent.TimeoutException e) {
      missing = "the engine did not answer within " + ENGINE_TIMEOUT.toSeconds() + " seconds";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      missing = "interrupted while looking for it";
    } catch (java.util.concurrent.ExecutionException e) {
      missing = Errors.rootMessage(e);
    }
    Map<String, Machine.Module> kernel = new LinkedHashMap<>();
    for (String m : POLICY_MODULES) kernel.put(m, linux ? module(m) : Machine.Module.UNKNOWN);
    return new Machine(engine, missing, sockets(), linux, Runtime.getRuntime().availableProcessors(), memoryAvailable(),
        linux ? cgroupVersion() : OptionalInt.empty(), kernel, engine.isPresent() ? image(k3sImage) : unknownImage());
  }

  private Path at(String path) {
    return root.resolve(path.substring(1));
  }

  private static Optional<Machine.Engine> engine() {
    try {
      if (!DockerClientFactory.instance().isDockerAvailable()) return Optional.empty();
      Info info = DockerClientFactory.instance().getInfo();
      String endpoint = String.valueOf(DockerClientFactory.instance().getTransportConfig().getDockerHost());
      List<String> security = info.getSecurityOptions() == null ? List.of() : info.getSecurityOptions();
      OptionalInt cgroup = "2".equals(info.getCGroupVersion()) ? OptionalInt.of(2)
          : "1".equals(info.getCGroupVersion()) ? OptionalInt.of(1) : OptionalInt.empty();
      List<String> mirrors = new ArrayList<>();
      if (info.getRegistryConfig() != null && info.getRegistryConfig().getIndexConfigs() != null) {
        var hub = info.getRegistryConfig().getIndexConfigs().get("docker.io");
        if (hub != null && hub.getMirrors() != null) mirrors.addAll(hub.getMirrors());
      }
      if (info.getHttpsProxy() != null && !info.getHttpsProxy().isBlank()) mirrors.add("proxy " + info.getHttpsProxy());
      return Optional.of(new Machine.Engine(endpoint, String.valueOf(info.getName()), String.valueOf(info.getOperatingSystem()),
          String.valueOf(info.getServerVersion()), security.stream().anyMatch(s -> s.contains("rootless")), cgroup,
          info.getNCPU() == null ? 0 : info.getNCPU(), info.getMemTotal() == null ? 0 : info.getMemTotal(), List.copyOf(mirrors)));
    } catch (RuntimeException | LinkageError e) {
      return Optional.empty();
    }
  }

  /** Engine sockets in the places Docker, rootless Docker, Podman, Colima and Rancher Desktop put them. */
  private static List<String> sockets() {
    String home = System.getProperty("user.home");
    String runtime = System.getenv("XDG_RUNTIME_DIR");
    List<String> places = new ArrayList<>(List.of("/var/run/docker.sock", "/run/podman/podman.sock",
        home + "/.docker/run/docker.sock", home + "/.colima/default/docker.sock", home + "/.rd/docker.sock",
        home + "/.local/share/containers/podman/machine/podman.sock"));
    if (runtime != null) places.addAll(List.of(runtime + "/docker.sock", runtime + "/podman/podman.sock"));
    return places.stream().filter(p -> Files.exists(Path.of(p))).toList();
  }

  OptionalLong memoryAvailable() {
    try {
      for (String line : Files.readAllLines(at("/proc/meminfo"))) {
        if (line.startsWith("MemAvailable:")) return OptionalLong.of(Long.parseLong(line.replaceAll("\\D", "")) * 1024);
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux: the JVM's view below
    }
    if (java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return OptionalLong.of(os.getFreeMemorySize());
    }
    return OptionalLong.empty();
  }

  /** cgroup v2 has one unified tree with cgroup.controllers at its root; v1 (or hybrid) has one tree per controller. */
  OptionalInt cgroupVersion() {
    Path cgroup = at("/sys/fs/cgroup");
    if (Files.exists(cgroup.resolve("cgroup.controllers"))) return OptionalInt.of(2);
    return Files.isDirectory(cgroup) ? OptionalInt.of(1) : OptionalInt.empty();
  }

  /** Loaded (in /sys/module), built in (modules.builtin), on disk, missing, or unknown when there is no module list. */
  Machine.Module module(String name) {
    if (Files.isDirectory(at("/sys/module").resolve(name))) return Machine.Module.PRESENT;
    try {
      Path dir = at("/lib/modules").resolve(Files.readString(at("/proc/sys/kernel/osrelease")).strip());
      if (!Files.isDirectory(dir)) return Machine.Module.UNKNOWN;
      Path builtin = dir.resolve("modules.builtin");
      if (Files.isRegularFile(builtin) && Files.readAllLines(builtin).stream().anyMatch(l -> l.endsWith("/" + name + ".ko"))) {
        return Machine.Module.PRESENT;
      }
      try (Stream<Path> files = Files.walk(dir.resolve("kernel"))) {
        return files.anyMatch(f -> f.getFileName().toString().startsWith(name + ".ko")) ? Machine.Module.LOADABLE : Machine.Module.MISSING;
      }
    } catch (IOException | RuntimeException e) {
      return Machine.Module.UNKNOWN;
    }
  }

  private static Machine.Image unknownImage() {
    return new Machine.Image(Machine.ImageState.UNKNOWN, "no container engine to ask");
  }

  /** In the engine already, else whether its registry answers from here (any HTTP answer, 401 included, means it is reachable). */
  private static Machine.Image image(String image) {
    try {
      DockerClientFactory.instance().client().inspectImageCmd(image).exec();
      return new Machine.Image(Machine.ImageState.PRESENT, image + " is in the engine already");
    } catch (NotFoundException e) {
      // not pulled yet: can it be?
    } catch (RuntimeException e) {
      return new Machine.Image(Machine.ImageState.UNKNOWN, "the engine could not say whether it has " + image + ": " + Errors.rootMessage(e));
    }
    String registry;
    try {
      registry = DockerImageName.parse(image).getRegistry();
    } catch (IllegalArgumentException e) {
      return new Machine.Image(Machine.ImageState.UNREACHABLE, "'" + image + "' is not an image name");
    }
    String host = registry == null || registry.isBlank() || registry.equals("docker.io") ? "registry-1.docker.io" : registry;
    try {
      // through HTTPS_PROXY as the add-on downloads go, unless Java's own https.proxyHost is set
      var proxy = dev.kubelab.labs.gitops.ReleaseDownload.environmentProxy();
      HttpClient http = HttpClient.newBuilder().connectTimeout(REGISTRY_TIMEOUT).proxy(proxy.isPresent()
          && System.getProperty("https.proxyHost") == null ? java.net.ProxySelector.of(proxy.get()) : java.net.ProxySelector.getDefault()).build();
      http.send(HttpRequest.newBuilder(URI.create("https://" + host + "/v2/")).timeout(REGISTRY_TIMEOUT).GET().build(),
          HttpResponse.BodyHandlers.discarding());
      return new Machine.Image(Machine.ImageState.PULLABLE, image + " is not pulled yet; its registry " + host + " answers from here");
    } catch (IOException | IllegalArgumentException e) {
      return new Machine.Image(Machine.ImageState.UNREACHABLE, image + " is not pulled yet, and its registry " + host
          + " does not answer from here (" + Errors.rootMessage(e) + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Machine.Image(Machine.ImageState.UNKNOWN, "interrupted while asking " + host);
    }
  }
}
