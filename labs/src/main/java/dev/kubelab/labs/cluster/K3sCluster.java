package dev.kubelab.labs.cluster;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.PullResponseItem;
import com.github.dockerjava.api.model.ResponseItem;
import dev.kubelab.labs.api.Cluster;
import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.labs.api.NodeShell;
import dev.kubelab.labs.grade.Errors;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.readiness.Readiness;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;
import org.testcontainers.utility.TestcontainersConfiguration;

/** k3s in a container on the learner's machine, started through Testcontainers. */
public final class K3sCluster implements Cluster {
  private static final Duration STARTUP = Duration.ofMinutes(3);

  private final Container container;
  private final List<Agent> agents;
  private final Network network;
  private final KubernetesClient client;
  private final Path kubeconfig;
  private final boolean keep;
  private final String image;

  private K3sCluster(Container container, List<Agent> agents, Network network, KubernetesClient client, Path kubeconfig,
      boolean keep, String image) {
    this.container = container;
    this.agents = agents;
    this.network = network;
    this.client = client;
    this.kubeconfig = kubeconfig;
    this.keep = keep;
    this.image = image;
  }

  /** True when a Docker-compatible engine answers (Docker, Podman, Rancher Desktop, Colima). */
  public static boolean containerEngineAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  static K3sCluster start(ClusterOptions options, Consumer<String> progress) {
    if (options.keep() && options.agents() > 0) {
      throw KubelabException.usage("--keep works for a single-node cluster; a multi-node cluster is started fresh each time",
          "leave out --keep, or --agents");
    }
    progress.accept("looking for a container engine");
    if (!containerEngineAvailable()) throw noEngine();
    DockerImageName image;
    try {
      image = DockerImageName.parse(options.k3sImage()).asCompatibleSubstituteFor("rancher/k3s");
    } catch (IllegalArgumentException e) {
      throw KubelabException.usage("'" + options.k3sImage() + "' is not an image name", "e.g. --k3s-image " + ClusterOptions.DEFAULT_K3S_IMAGE);
    }
    pull(options.k3sImage(), progress);
    if (options.keep() && !TestcontainersConfiguration.getInstance().environmentSupportsReuse()) {
      TestcontainersConfiguration.getInstance().updateUserConfig("testcontainers.reuse.enable", "true");
      progress.accept("enabled container reuse in ~/.testcontainers.properties so the cluster can be kept between runs");
    }
    String token = options.agents() > 0 ? token() : null;
    Network network = options.agents() > 0 ? Network.newNetwork() : null;
    Container c = new Container(image, options.cgroups(), options.traefik(), token, network);
    c.withReuse(options.keep());
    progress.accept(options.keep() ? "starting k3s (or reusing the kept one)" : "starting k3s");
    Instant begin = Instant.now();
    List<Agent> agents = new ArrayList<>();
    try {
      c.start();
      for (int i = 1; i <= options.agents(); i++) {
        progress.accept("starting agent node " + ClusterOptions.agentNode(i));
        Agent a = new Agent(image, options.cgroups(), network, token, i);
        agents.add(a);
        a.start();
      }
    } catch (RuntimeException e) {
      agents.forEach(Agent::stop);
      if (!options.keep()) c.stop();
      if (network != null) network.close();
      throw KubelabException.environment("k3s did not start: " + Errors.rootMessage(e),
          options.cgroups() == ClusterOptions.Cgroups.PRIVATE
              ? "on an older Linux with cgroup v1, try --cgroups host; 'docker logs' of the k3s container says more"
              : "on Podman or WSL2, try --cgroups private; 'docker logs' of the k3s container says more", e);
    }
    Path kubeconfig = options.embeddedKubeconfig();
    writeAtomically(kubeconfig, c.getKubeConfigYaml());
    KubernetesClient client = new KubernetesClientBuilder()
        .withConfig(Config.fromKubeconfig(null, kubeconfig.toFile())).build();
    waitForNodes(client, 1 + options.agents(), progress, Instant.now().plus(STARTUP));
    progress.accept("k3s is ready (" + Duration.between(begin, Instant.now()).toSeconds() + "s"
        + (options.agents() > 0 ? ", " + (1 + options.agents()) + " nodes" : "") + "). Your own kubectl works with:");
    progress.accept("  export KUBECONFIG=" + kubeconfig);
    return new K3sCluster(c, List.copyOf(agents), network, client, kubeconfig, options.keep(), options.k3sImage());
  }

  /** The secret agents join the server with; new for every multi-node cluster. */
  private static String token() {
    byte[] b = new byte[24];
    new java.security.SecureRandom().nextBytes(b);
    return java.util.HexFormat.of().formatHex(b);
  }

  /** The one message for a machine with no container engine, with every way out. */
  public static KubelabException noEngine() {
    return KubelabException.environment(
        "no container engine is running, and kubelab needs one to run its k3s cluster",
        "start Docker (Docker Desktop, or 'sudo systemctl start docker'), Podman ('podman machine start' and set"
            + " DOCKER_HOST to its socket), Rancher Desktop or Colima ('colima start') — or use a cluster you already"
            + " have: kubelab --kubeconfig ~/.kube/config");
  }

  private static void pull(String image, Consumer<String> progress) {
    DockerClient docker = DockerClientFactory.instance().client();
    try {
      docker.inspectImageCmd(image).exec();
      return;
    } catch (NotFoundException e) {
      progress.accept("pulling " + image + " (once; later starts reuse it)");
    }
    long[] lastReport = {0};
    try {
      docker.pullImageCmd(image).exec(new ResultCallback.Adapter<PullResponseItem>() {
        @Override
        public void onNext(PullResponseItem item) {
          long now = System.currentTimeMillis();
          if (item.getStatus() != null && now - lastReport[0] > 2000) {
            lastReport[0] = now;
            ResponseItem.ProgressDetail d = item.getProgressDetail();
            boolean sized = d != null && d.getTotal() != null && d.getTotal() > 0 && d.getCurrent() != null;
            progress.accept("  " + item.getStatus() + (sized ? " " + (d.getCurrent() * 100 / d.getTotal()) + "%" : ""));
          }
        }
      }).awaitCompletion();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw KubelabException.environment("interrupted while pulling " + image, "run kubelab again");
    } catch (RuntimeException e) {
      throw KubelabException.environment("cannot pull " + image + ": " + Errors.rootMessage(e),
          "check the network or a registry mirror; or pull it yourself ('docker pull " + image + "'), or pick"
              + " another tag with --k3s-image");
    }
  }

  private static void waitForNodes(KubernetesClient client, int count, Consumer<String> progress, Instant deadline) {
    progress.accept(count == 1 ? "waiting for the node to be Ready" : "waiting for " + count + " nodes to be Ready");
    while (Instant.now().isBefore(deadline)) {
      try {
        boolean ready = client.nodes().list().getItems().stream().filter(Readiness::isNodeReady).count() >= count;
        boolean sa = client.serviceAccounts().inNamespace("default").withName("default").get() != null;
        if (ready && sa) return;
      } catch (RuntimeException e) {
        // the API server can still be settling: keep asking until the deadline
      }
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw KubelabException.environment("the k3s node(s) did not become Ready in time",
        "the container engine may be short of memory or CPU; 'kubectl describe node' says why");
  }

  static void writeAtomically(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), ".kubeconfig", ".tmp");
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      try {
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system (Windows): the home folder's permissions apply
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw KubelabException.environment("cannot write " + file + ": " + e.getMessage(), "check the permissions of kubelab's home (--home)");
    }
  }


  @Override
  public KubernetesClient client() {
    return client;
  }

  @Override
  public String describe() {
    return "k3s " + image.substring(image.lastIndexOf(':') + 1) + " (embedded" + (keep ? ", kept" : "") + ")";
  }

  @Override
  public Optional<Path> kubeconfig() {
    return Optional.of(kubeconfig);
  }

  /** Each node is a container kubelab started, so a node command is an exec into it. */
  @Override
  public Optional<NodeShell> nodeShell() {
    return Optional.of(new NodeShell() {
      @Override
      public List<String> nodes() {
        List<String> names = new ArrayList<>(List.of(ClusterOptions.SERVER_NODE));
        for (int i = 1; i <= agents.size(); i++) names.add(ClusterOptions.agentNode(i));
        return names;
      }

      private GenericContainer<?> container(String node) {
        int index = nodes().indexOf(node);
        if (index < 0) {
          throw KubelabException.usage("no node '" + node + "' in this cluster", "the nodes are: " + String.join(", ", nodes()));
        }
        return index == 0 ? container : agents.get(index - 1);
      }

      @Override
      public void copyTo(String node, Path local, String path) {
        GenericContainer<?> target = container(node);
        if (!Files.isRegularFile(local)) throw KubelabException.usage("no file " + local.toAbsolutePath(), "check the path");
        target.copyFileToContainer(MountableFile.forHostPath(local, 0644), path);
      }

      @Override
      public Result exec(String node, List<String> command, Duration timeout) {
        GenericContainer<?> target = container(node);
        CompletableFuture<ExecResult> run = CompletableFuture.supplyAsync(() -> {
          try {
            return target.execInContainer(StandardCharsets.UTF_8, command.toArray(String[]::new));
          } catch (Exception e) {
            throw new CompletionException(e);
          }
        });
        try {
          ExecResult r = run.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
          return new Result(r.getExitCode(), r.getStdout(), r.getStderr());
        } catch (TimeoutException e) {
          run.cancel(true);
          return new Result(124, "", "timed out after " + timeout.toSeconds() + "s");
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return new Result(130, "", "interrupted");
        } catch (ExecutionException e) {
          throw KubelabException.environment("cannot run a command on node " + node + ": " + Errors.rootMessage(e),
              "is the cluster still running? 'kubelab node list' shows its nodes");
        }
      }
    });
  }

  // ── GitOps labs: pods reach a port of this machine (kubelab's Git server) ─────────────────────

  @Override
  public boolean canExposeHostPorts() {
    return true;
  }

  /**
   * Testcontainers' port forwarder (an SSH container, started on first use, whose reverse tunnel
   * ends on this machine's port) gets every node container joined to its network, so pods reach
   * its IP through their node. Clusters whose labs never ask are left exactly as they started.
   */
  @Override
  public synchronized Optional<InetSocketAddress> exposeHostPort(int port) {
    try {
      org.testcontainers.Testcontainers.exposeHostPorts(port);
      DockerClient docker = DockerClientFactory.instance().client();
      var forwarder = docker.listContainersCmd()
          .withLabelFilter(java.util.Map.of(DockerClientFactory.TESTCONTAINERS_SESSION_ID_LABEL, DockerClientFactory.SESSION_ID))
          .exec().stream().filter(c -> c.getImage() != null && c.getImage().contains("testcontainers/sshd")).findFirst()
          .orElseThrow(() -> new IllegalStateException("Testcontainers' port forwarder did not start"));
      ContainerNetwork net = forwarder.getNetworkSettings().getNetworks().values().iterator().next();
      List<GenericContainer<?>> nodes = new ArrayList<>(List.of(container));
      nodes.addAll(agents);
      for (GenericContainer<?> node : nodes) {
        boolean joined = docker.inspectContainerCmd(node.getContainerId()).exec().getNetworkSettings().getNetworks().values()
            .stream().anyMatch(n -> net.getNetworkID().equals(n.getNetworkID()));
        if (!joined) docker.connectToNetworkCmd().withContainerId(node.getContainerId()).withNetworkId(net.getNetworkID()).exec();
      }
      return Optional.of(InetSocketAddress.createUnresolved(net.getIpAddress(), port));
    } catch (RuntimeException e) {
      throw KubelabException.environment("cannot give the cluster's pods a way to port " + port + " of this machine: "
          + Errors.rootMessage(e), "Testcontainers forwards it through a small SSH container (testcontainers/sshd): can the"
          + " container engine pull and start it?", e);
    }
  }

  /** A local kubectl when there is one; otherwise k3s's own kubectl inside the container. */
  @Override
  public int kubectl(List<String> args, Appendable out) throws Exception {
    Optional<Path> local = Kubectl.find();
    if (local.isPresent()) return Kubectl.run(local.get(), kubeconfig, null, args, out);
    if (Kubectl.interactive(args)) {
      throw KubelabException.usage("'kubectl " + args.get(0) + "' needs a terminal, which the built-in kubectl cannot give",
          "install kubectl, or use 'kubectl apply -f FILE' / 'kubectl patch' instead");
    }
    List<String> cmd = new ArrayList<>(List.of("kubectl"));
    boolean kustomize = !args.isEmpty() && args.get(0).equals("kustomize"); // kubectl kustomize DIR
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      cmd.add(a);
      boolean fileFlag = a.equals("-f") || a.equals("--filename");
      boolean dirFlag = a.equals("-k") || a.equals("--kustomize");
      if (fileFlag && i + 1 < args.size()) {
        cmd.add(copyIn(args.get(++i)));
      } else if (dirFlag && i + 1 < args.size()) {
        cmd.add(copyInKustomization(args.get(++i)));
      } else if (a.startsWith("--filename=") || a.startsWith("-f=")) {
        cmd.set(cmd.size() - 1, a.substring(0, a.indexOf('=') + 1) + copyIn(a.substring(a.indexOf('=') + 1)));
      } else if (a.startsWith("--kustomize=") || a.startsWith("-k=")) {
        cmd.set(cmd.size() - 1, a.substring(0, a.indexOf('=') + 1) + copyInKustomization(a.substring(a.indexOf('=') + 1)));
      } else if (kustomize && i > 0 && !a.startsWith("-")) {
        cmd.set(cmd.size() - 1, copyInKustomization(a));
        kustomize = false;
      }
    }
    ExecResult r = container.execInContainer(cmd.toArray(String[]::new));
    out.append(r.getStdout()).append(r.getStderr());
    return r.getExitCode();
  }

  /**
   * A local Kustomize directory given to -k (or to kubectl kustomize) is copied in with the bases
   * and files it names outside itself, each at its own absolute path, so "../../base" resolves.
   */
  private String copyInKustomization(String dir) {
    if (dir.startsWith("http://") || dir.startsWith("https://") || dir.startsWith("github.com/")) return dir;
    Path p = Path.of(dir).toAbsolutePath().normalize();
    if (!Files.isDirectory(p)) throw KubelabException.usage("no directory " + p, "give -k the folder that holds kustomization.yaml");
    KustomizeFiles.needed(p).forEach(f -> copyIn(f.toString()));
    return inside(p);
  }

  private static String inside(Path p) {
    return "/tmp/kubelab-kubectl" + p.toString().replace('\\', '/').replace(":", "");
  }

  /** Local files given to -f are copied into the container so the built-in kubectl can read them. */
  private String copyIn(String file) {
    if (file.equals("-")) {
      throw KubelabException.usage("the built-in kubectl cannot read standard input", "save the manifest to a file and use -f FILE");
    }
    if (file.startsWith("http://") || file.startsWith("https://")) return file;
    Path p = Path.of(file).toAbsolutePath();
    if (!Files.exists(p)) throw KubelabException.usage("no file " + p, "check the path given to -f");
    String inside = inside(p);
    container.copyFileToContainer(MountableFile.forHostPath(p), inside);
    return inside;
  }

  @Override
  public void close() {
    client.close();
    agents.forEach(Agent::stop);
    if (!keep) container.stop();
    if (network != null) network.close();
  }

  /**
   * K3sContainer with the cgroup setup made a choice, a stable node name, Traefik on request, a
   * join token and network alias for agents, and readiness judged by the API server itself.
   */
  static final class Container extends K3sContainer {
    Container(DockerImageName image, ClusterOptions.Cgroups cgroups, boolean traefik, String token, Network network) {
      super(image);
      if (cgroups == ClusterOptions.Cgroups.PRIVATE) {
        // as the k3s docs run it: no host cgroup tree bound in, a private cgroup namespace
        setBinds(new ArrayList<>(getBinds().stream().filter(b -> !"/sys/fs/cgroup".equals(b.getPath())).toList()));
        withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withCgroupnsMode("private"));
      }
      List<String> command = new ArrayList<>(List.of("server", "--tls-san=" + getHost(), "--node-name=" + ClusterOptions.SERVER_NODE));
      if (!traefik) command.add("--disable=traefik");
      if (token != null) command.add("--token=" + token);
      setCommand(command.toArray(String[]::new));
      if (network != null) withNetwork(network).withNetworkAliases(ClusterOptions.SERVER_NODE);
      withLabel("dev.kubelab.cluster", "embedded");
      waitingFor(new ApiReady(STARTUP));
    }
  }

  /** A k3s agent node joining the server over the cluster's own container network. */
  static final class Agent extends GenericContainer<Agent> {
    Agent(DockerImageName image, ClusterOptions.Cgroups cgroups, Network network, String token, int index) {
      super(image);
      setPrivilegedMode(true);
      setTmpFsMapping(java.util.Map.of("/run", "", "/var/run", ""));
      if (cgroups == ClusterOptions.Cgroups.HOST) {
        // as Testcontainers' K3sContainer does for the server: the host's cgroup tree and namespace
        withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withCgroupnsMode("host").withBinds(
            new com.github.dockerjava.api.model.Bind("/sys/fs/cgroup", new com.github.dockerjava.api.model.Volume("/sys/fs/cgroup"),
                com.github.dockerjava.api.model.AccessMode.rw)));
      }
      withNetwork(network);
      withEnv("K3S_URL", "https://" + ClusterOptions.SERVER_NODE + ":6443");
      withEnv("K3S_TOKEN", token);
      setCommand("agent", "--node-name=" + ClusterOptions.agentNode(index));
      withLabel("dev.kubelab.cluster", "embedded-agent");
    }
  }
}
