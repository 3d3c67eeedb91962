package dev.kubelab.labs.kubevirt;

import dev.kubelab.labs.addon.Addon;
import dev.kubelab.labs.addon.AddonContext;
import dev.kubelab.labs.addon.AddonImages;
import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.labs.api.Lab;
import dev.kubelab.labs.engine.ServerSideApply;
import dev.kubelab.labs.grade.Errors;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * KubeVirt, pinned to {@link ReleaseFiles#VERSION}, in one of two {@link Mode}s: full (VMs boot,
 * emulated when no node has /dev/kvm) or manifest (KubeVirt's API and controllers validate and
 * keep VM definitions, no node runs VMs). The mode is chosen once, at install, from the free
 * memory, and can be forced with KUBELAB_KUBEVIRT_MODE; labs read it as {@code ${kubevirt.mode}}
 * and the reason as {@code ${kubevirt.reason}}. An installation kubelab did not make is used as
 * it is.
 */
public final class KubeVirtAddon implements Addon {
  public static final String ID = "kubevirt";

  private final Function<Path, ReleaseFiles> files;
  private final Map<String, String> env;
  private final Duration timeout;

  public KubeVirtAddon() {
    this(ReleaseFiles::new, System.getenv(), Duration.ofMinutes(10));
  }

  KubeVirtAddon(Function<Path, ReleaseFiles> files, Map<String, String> env, Duration timeout) {
    this.files = files;
    this.env = env;
    this.timeout = timeout;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<Kind> kinds() {
    return List.of(new Kind("kubevirt.io", "v1", "KubeVirt", "kubevirts"), new Kind("kubevirt.io", "v1", "VirtualMachine", "virtualmachines"),
        new Kind("kubevirt.io", "v1", "VirtualMachineInstance", "virtualmachineinstances"));
  }

  /** Full mode's need: below it KubeVirt still installs, in manifest mode, and VMs never boot. */
  @Override
  public Optional<dev.kubelab.labs.cluster.Footprint> footprint() {
    return Optional.of(new dev.kubelab.labs.cluster.Footprint(ModeChoice.FULL_NEEDS, 1, "KubeVirt with a small VM",
        "KubeVirt runs in manifest mode: VMs are graded by their spec and never boot"));
  }

  @Override
  public List<String> preflight(AddonContext context) {
    List<String> problems = new ArrayList<>();
    String override = env.get(Mode.OVERRIDE);
    if (override != null && !override.isBlank() && Mode.parse(override).isEmpty()) {
      KubelabException e = ModeChoice.badOverride(override);
      problems.add(e.getMessage() + " — " + e.hint());
      return problems;
    }
    Optional<Installed> installed = Installed.find(context.client());
    if (installed.isEmpty() && !mayInstall(context.client())) {
      problems.add("KubeVirt is not installed on this cluster and your credentials cannot install it (it adds cluster-wide"
          + " CRDs and roles) — ask the cluster's admin to install KubeVirt " + ReleaseFiles.VERSION + ", or run the lab on"
          + " kubelab's embedded cluster");
    }
    if (Mode.parse(override).orElse(null) == Mode.FULL) {
      NodeFacts.Memory free = NodeFacts.freeMemory(context.client(), context.cluster().nodeShell());
      if (free.bytes().isPresent() && free.bytes().getAsLong() < ModeChoice.VM_NEEDS) {
        problems.add(Mode.OVERRIDE + "=full asks for VMs that boot, and only " + free.bytes().getAsLong() / ModeChoice.MIB
            + " MiB of memory is free " + free.where() + "; a small VM needs about " + ModeChoice.VM_NEEDS / ModeChoice.MIB
            + " MiB with its QEMU process — free memory (or give Docker more), or set " + Mode.OVERRIDE + "=manifest");
      }
    }
    return problems;
  }

  @Override
  public void ensure(AddonContext context) {
    KubernetesClient client = context.client();
    Consumer<String> progress = context.progress();
    Optional<Installed> installed = Installed.find(client);
    if (installed.isPresent() && !installed.get().ours()) {
      progress.accept("using the KubeVirt already installed on this cluster, in " + installed.get().mode().id() + " mode: "
          + installed.get().reason());
      Rollout.await("KubeVirt", () -> Rollout.notReady(client, installed.get().namespace(), installed.get().mode()), timeout, progress);
      return;
    }
    ModeChoice choice = choose(context, installed);
    if (installed.isPresent() && installed.get().mode() == choice.mode() && ReleaseFiles.VERSION.equals(installed.get().version())) {
      Rollout.await("KubeVirt", () -> Rollout.notReady(client, installed.get().namespace(), choice.mode()), timeout, progress);
      progress.accept(ready(choice.mode(), describe(choice.mode(), choice.reason(), installed.get().emulation())));
      return;
    }
    ReleaseFiles release = files.apply(context.home());
    List<Map<String, Object>> operator = KubeVirtManifests.operator(release.read(ReleaseFiles.OPERATOR, progress));
    String crYaml = release.read(ReleaseFiles.CR, progress);
    String namespace = KubeVirtManifests.namespace(operator);
    progress.accept((installed.isPresent() ? "reconfiguring KubeVirt for " : "installing KubeVirt " + ReleaseFiles.VERSION + " in ")
        + choice.mode().id() + " mode (about 0.5 GiB of images on first install)");
    for (Map<String, Object> o : operator) {
      AddonImages.rewrite(o, context.images());
      apply(client, o);
    }
    // virt-operator pulls the other components (virt-api, virt-handler, ...) from the CR's imageRegistry
    String registry = AddonImages.registryOf("quay.io/kubevirt/virt-api:" + ReleaseFiles.VERSION, context.images());
    Rollout.await("KubeVirt's operator", () -> operatorUnmet(client, namespace), timeout, progress);
    Optional<Boolean> kvm = NodeFacts.kvmOnNodes(context.cluster().nodeShell());
    boolean emulation = kvm.map(k -> !k).orElse(installed.map(Installed::emulation).orElse(false));
    boolean anyNode = !NodeFacts.hasControlPlane(client);
    apply(client, withRegistry(KubeVirtManifests.cr(crYaml, namespace, choice, emulation, anyNode), registry));
    Rollout.await("KubeVirt", () -> Rollout.notReady(client, namespace, choice.mode()), timeout, progress);
    Duration kvmWait = timeout.dividedBy(10).compareTo(Duration.ofMinutes(1)) < 0 ? timeout.dividedBy(10) : Duration.ofMinutes(1);
    if (choice.mode() == Mode.FULL && kvm.isEmpty() && !emulation && !NodeFacts.kvmAdvertised(client, kvmWait)) {
      progress.accept("no node offers /dev/kvm: switching KubeVirt to software emulation");
      apply(client, withRegistry(KubeVirtManifests.cr(crYaml, namespace, choice, true, anyNode), registry));
      emulation = true;
    }
    progress.accept(ready(choice.mode(), describe(choice.mode(), choice.reason(), emulation)));
  }

  private ModeChoice choose(AddonContext context, Optional<Installed> installed) {
    String override = env.get(Mode.OVERRIDE);
    Optional<Mode> forced = Mode.parse(override);
    if (installed.isPresent() && (forced.isEmpty() || forced.get() == installed.get().mode())) {
      return new ModeChoice(installed.get().mode(), installed.get().reason()); // the mode stays what it was chosen at install
    }
    NodeFacts.Memory free = forced.isPresent() ? new NodeFacts.Memory(OptionalLong.empty(), "")
        : NodeFacts.freeMemory(context.client(), context.cluster().nodeShell());
    return ModeChoice.decide(override, free.bytes(), free.where());
  }

  private static List<String> operatorUnmet(KubernetesClient client, String namespace) {
    List<String> out = new ArrayList<>();
    if (!Rollout.established(client, "kubevirts.kubevirt.io")) out.add("the KubeVirt CRD is not established yet");
    var d = client.apps().deployments().inNamespace(namespace).withName("virt-operator").get();
    if (d == null || d.getStatus() == null || d.getStatus().getReadyReplicas() == null || d.getStatus().getReadyReplicas() == 0) {
      out.add("virt-operator has no ready pod yet (pulling its image?)");
    }
    return out;
  }

  @Override
  public List<String> health(AddonContext context) {
    Optional<Installed> installed = Installed.find(context.client());
    if (installed.isEmpty()) return List.of("KubeVirt is not installed on this cluster: start the lab again to install it");
    return Rollout.notReady(context.client(), installed.get().namespace(), installed.get().mode()).stream()
        .map(m -> "KubeVirt is not ready: " + m).toList();
  }

  /**
   * {@code mode} (full or manifest), {@code reason} (a sentence for the learner), {@code emulation}
   * ("true" when QEMU emulates the CPU) and {@code version}, read from the cluster.
   */
  @Override
  public Map<String, Object> model(AddonContext context, Lab lab, Map<String, Object> base) {
    Optional<Installed> installed = Installed.find(context.client());
    if (installed.isEmpty()) {
      Mode m = Mode.parse(env.get(Mode.OVERRIDE)).orElse(Mode.FULL);
      return values(m, "KubeVirt is not installed yet; kubelab installs it when the lab starts", false);
    }
    return values(installed.get().mode(), describe(installed.get().mode(), installed.get().reason(), installed.get().emulation()),
        installed.get().emulation());
  }

  @Override
  public Map<String, Object> sampleModel() {
    return values(Mode.FULL, "sample values, for checking content without a cluster", true);
  }

  private static Map<String, Object> values(Mode mode, String reason, boolean emulation) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("mode", mode.id());
    m.put("reason", reason);
    m.put("emulation", String.valueOf(emulation));
    m.put("version", ReleaseFiles.VERSION);
    return m;
  }

  /** The line that ends the install: the version, the mode and why, for the learner. */
  private static String ready(Mode mode, String why) {
    return "KubeVirt " + ReleaseFiles.VERSION + " is ready, in " + mode.id() + " mode: " + why;
  }

  static String describe(Mode mode, String reason, boolean emulation) {
    if (mode != Mode.FULL) return reason;
    return reason + (emulation
        ? ". No node offers /dev/kvm (usual inside Docker Desktop, or in a VM without nested virtualisation), so QEMU emulates"
            + " the CPU in software: VMs take a minute or two to boot"
        : ". VMs run on KVM, with hardware virtualisation");
  }

  /** The KubeVirt CR pointing virt-operator at the learner's registry mirror, when there is one. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> withRegistry(Map<String, Object> cr, String registry) {
    if (registry != null) ((Map<String, Object>) cr.computeIfAbsent("spec", k -> new java.util.LinkedHashMap<>())).put("imageRegistry", registry);
    return cr;
  }

  /** One object of the release, applied as lab setups are ({@link ServerSideApply}). */
  private static void apply(KubernetesClient client, Map<String, Object> raw) {
    HasMetadata obj = client.getKubernetesSerialization().convertValue(raw, HasMetadata.class);
    String what = obj.getKind() + " " + obj.getMetadata().getName();
    try {
      ServerSideApply.apply(client, obj);
    } catch (KubernetesClientException e) {
      throw Errors.translate(e, "install KubeVirt (" + what + ")");
    }
  }

  /** Whether the credentials may add CRDs; a server that cannot answer (the test mock) is taken as yes. */
  private static boolean mayInstall(KubernetesClient client) {
    try {
      var review = client.authorization().v1().selfSubjectAccessReview().create(new SelfSubjectAccessReviewBuilder().withNewSpec()
          .withNewResourceAttributes().withVerb("create").withGroup("apiextensions.k8s.io").withResource("customresourcedefinitions")
          .endResourceAttributes().endSpec().build());
      return review.getStatus() == null || Boolean.TRUE.equals(review.getStatus().getAllowed());
    } catch (KubernetesClientException e) {
      return true;
    }
  }
}
