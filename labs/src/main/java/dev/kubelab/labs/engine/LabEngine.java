package dev.kubelab.labs.engine;

import dev.kubelab.labs.addon.Addon;
import dev.kubelab.labs.addon.AddonContext;
import dev.kubelab.labs.addon.Addons;
import dev.kubelab.labs.api.CheckResult;
import dev.kubelab.labs.api.Cluster;
import dev.kubelab.labs.api.Course;
import dev.kubelab.labs.api.Exercise;
import dev.kubelab.labs.api.ExerciseResult;
import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.labs.api.Lab;
import dev.kubelab.labs.api.NodeCommand;
import dev.kubelab.labs.api.NodeShell;
import dev.kubelab.labs.api.Placement;
import dev.kubelab.labs.check.CheckKinds;
import dev.kubelab.labs.check.PodExec;
import dev.kubelab.labs.check.ResourceRef;
import dev.kubelab.labs.content.Model;
import dev.kubelab.labs.content.Templates;
import dev.kubelab.labs.grade.ClusterView;
import dev.kubelab.labs.grade.Errors;
import dev.kubelab.labs.grade.Grader;
import dev.kubelab.labs.grade.LearnerState;
import dev.kubelab.labs.operator.Operator;
import dev.kubelab.labs.operator.Operators;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.readiness.Readiness;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The one entry point the runner uses: starts, resets and grades labs on a cluster, and renders
 * what the learner reads. Holds no learner state; progress is the caller's.
 */
public final class LabEngine {
  private final Course course;
  private final Templates templates;
  private final KubernetesClient client;
  private final boolean realCluster;
  private final Grader grader;
  private final Applier applier;
  private final LabText text;
  private final Cluster cluster;
  private final Addons addons;
  private final Path home;
  private List<String> nodes;
  private boolean nodesForbidden;
  private final Map<String, List<String>> recordedNodes = new java.util.concurrent.ConcurrentHashMap<>();
  private Boolean policiesEnforced;
  private final ClusterFacts facts;
  private final Map<String, Operator.Run> operatorRuns = new LinkedHashMap<>();

  /** An engine on a client alone: no node shell and no add-ons (tests, classroom grading). */
  public LabEngine(Course course, Templates templates, CheckKinds kinds, KubernetesClient client, boolean realCluster) {
    this(course, templates, kinds, client, realCluster, null, Addons.builtIn(), null);
  }

  /** An engine on a cluster: its node shell serves node-level labs, and add-ons install into it. */
  public LabEngine(Course course, Templates templates, CheckKinds kinds, Cluster cluster, boolean realCluster, Addons addons,
      Path home) {
    this(course, templates, kinds, cluster.client(), realCluster, cluster, addons, home);
  }

  private LabEngine(Course course, Templates templates, CheckKinds kinds, KubernetesClient client, boolean realCluster,
      Cluster cluster, Addons addons, Path home) {
    this.cluster = cluster;
    this.addons = addons;
    this.home = home;
    this.facts = new ClusterFacts(home);
    this.course = course;
    this.templates = templates;
    this.client = client;
    this.realCluster = realCluster;
    this.grader = new Grader(kinds, templates);
    this.applier = new Applier(client);
    this.text = new LabText(templates);
  }

  public Course course() {
    return course;
  }

  public KubernetesClient client() {
    return client;
  }

  /**
   * The template model of a lab in a placement, with the cluster's real node names and the
   * variables of the add-ons it requires (read live; stand-ins when there is no cluster handle).
   */
  public Map<String, Object> model(Lab lab, Placement placement) {
    Map<String, Object> model = Model.of(lab, placement, course.images(), nodes(placement));
    if (lab.requires().addons().isEmpty()) return model;
    Map<String, Object> withAddons = new java.util.HashMap<>(model);
    for (String id : lab.requires().addons()) {
      Addon addon = addon(id);
      withAddons.put(id, cluster == null ? addon.sampleModel() : addon.model(addonContext(m -> {}), lab, model));
    }
    return withAddons;
  }

  private Addon addon(String id) {
    return addons.get(id).orElseThrow(() -> KubelabException.usage("no add-on '" + id + "' in this kubelab",
        "the lab needs a newer kubelab, or its requires.addons is misspelt"));
  }

  private AddonContext addonContext(Consumer<String> progress) {
    return new AddonContext(cluster, home, progress, addons.images());
  }

  /** The node shell, when the cluster has one (embedded k3s). */
  public Optional<NodeShell> nodeShell() {
    return cluster == null ? Optional.empty() : cluster.nodeShell();
  }

  /**
   * The cluster's node names, control-plane first. An identity that may not list nodes (a class
   * student) gets the names its classroom recorded in its namespace ({@link Model#NODE_NAMES_RECORD}),
   * else stand-ins that say so ({@link Model#unlistedNodes()}).
   */
  private synchronized List<String> nodes(Placement placement) {
    if (nodes == null && !nodesForbidden) {
      try {
        nodes = nodeNames(client);
      } catch (KubernetesClientException e) {
        if (e.getCode() != 401 && e.getCode() != 403) throw Errors.translate(e, "list the cluster's nodes");
        nodesForbidden = true;
      }
    }
    if (nodes != null) return nodes;
    List<String> recorded = recordedNodes.get(placement.main());
    if (recorded != null) return recorded;
    try {
      var cm = client.configMaps().inNamespace(placement.main()).withName(Model.NODE_NAMES_RECORD).get();
      String names = cm == null || cm.getData() == null ? null : cm.getData().get(Model.NODE_NAMES_KEY);
      if (names != null && !names.isBlank()) {
        recorded = List.of(names.strip().split("\\s*,\\s*"));
        recordedNodes.put(placement.main(), recorded);
        return recorded;
      }
    } catch (KubernetesClientException e) {
      // not readable either: the stand-ins say why there are no names
    }
    return Model.unlistedNodes(); // not kept: a classroom may record the names later
  }

  /** The cluster's node names as templates see them: control-plane nodes first, so ${nodes[0]} is the server on k3s and kubeadm alike. */
  public static List<String> nodeNames(KubernetesClient client) {
    return client.nodes().list().getItems().stream()
        .sorted(java.util.Comparator.comparing((io.fabric8.kubernetes.api.model.Node n) -> !controlPlane(n))
            .thenComparing(n -> n.getMetadata().getName()))
        .map(n -> n.getMetadata().getName()).toList();
  }

  private static boolean controlPlane(io.fabric8.kubernetes.api.model.Node n) {
    return n.getMetadata().getLabels() != null && n.getMetadata().getLabels().containsKey("node-role.kubernetes.io/control-plane");
  }

  /** Unmet requirements of the lab on this cluster, one sentence each. */
  public List<String> preflight(Lab lab) {
    return preflight(List.of(lab)).get(lab.id());
  }

  /**
   * Unmet requirements of each lab, keyed by lab id (every lab has an entry, empty when it can
   * run), asking the cluster each question once. NetworkPolicy enforcement counts when it is known
   * (proven in this session, or remembered for this API server); {@link #prove} makes it known.
   */
  public Map<String, List<String>> preflight(List<Lab> labs) {
    Preflight shape = new Preflight(client, ownK3s());
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Lab lab : labs) {
      List<String> problems = new ArrayList<>(shape.problems(lab));
      if ((lab.requires().nodeAccess()) && realCluster && nodeShell().isEmpty()) {
        problems.add("the lab runs commands on the cluster's nodes, which kubelab can do only on its embedded k3s"
            + " — run it without --kubeconfig");
      }
      if (lab.requires().networkPolicy() && Boolean.FALSE.equals(policyEnforcement().orElse(null))) {
        problems.add(PolicyEnforcement.notEnforced(ownK3s()));
      }
      for (String id : lab.requires().addons()) {
        if (addons.get(id).isEmpty()) {
          problems.add("the lab needs the add-on '" + id + "', which this kubelab cannot install — update kubelab");
        } else if (cluster != null) {
          problems.addAll(addon(id).preflight(addonContext(m -> {})));
        }
      }
      out.put(lab.id(), problems);
    }
    return out;
  }

  /**
   * Whether Traefik serves ingress here (or is being installed), as the preflight of ingress labs
   * sees it; empty when these credentials may not look (the preflight then trusts the cluster).
   */
  public Optional<Boolean> traefik() {
    return Preflight.traefikSeen(client);
  }

  /** Whether the cluster is kubelab's own k3s (it has a node shell), where kubelab's options are the fix. */
  private boolean ownK3s() {
    return nodeShell().isPresent();
  }

  /**
   * Whether this cluster enforces NetworkPolicy, when known: proven by this engine, or remembered
   * for this API server from an earlier run. Empty when not yet proven (or it could not be tested).
   */
  public synchronized Optional<Boolean> policyEnforcement() {
    if (policiesEnforced != null) return Optional.of(policiesEnforced);
    return facts.policy(server()).map(ClusterFacts.PolicyFact::enforced);
  }

  /** When the remembered verdict on NetworkPolicy enforcement was proven; empty when none is remembered. */
  public Optional<Instant> policyProvenAt() {
    return facts.policy(server()).map(ClusterFacts.PolicyFact::provenAt);
  }

  /**
   * Remembers for this API server which labs it cannot run (what 'list' marks), so a later 'list'
   * with no cluster at hand can mark them too. Replaces what was remembered before.
   */
  public void rememberCannotRun(Map<String, List<String>> cannotRun, Instant at) {
    facts.rememberCannotRun(server(), cannotRun, at);
  }

  /** Which labs a cluster cannot run, as remembered, and when that was last found out. */
  public record Remembered(Map<String, List<String>> cannotRun, Instant at) {}

  /**
   * Which of {@code labs} the cluster at {@code server} (its API URL) cannot run, from what kubelab
   * remembers under {@code home} (the last 'list' that asked it, and its NetworkPolicy proof),
   * without asking it; empty when nothing is remembered. {@code ownK3s}: it is kubelab's embedded k3s.
   */
  public static Optional<Remembered> remembered(Path home, String server, List<Lab> labs, boolean ownK3s) {
    ClusterFacts facts = new ClusterFacts(home);
    Optional<ClusterFacts.Marks> marks = facts.cannotRun(server);
    Optional<ClusterFacts.PolicyFact> policy = facts.policy(server);
    if (marks.isEmpty() && policy.isEmpty()) return Optional.empty();
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Lab lab : labs) {
      List<String> why = new ArrayList<>(marks.map(m -> m.labs().getOrDefault(lab.id(), List.of())).orElse(List.of()));
      String policyWhy = PolicyEnforcement.notEnforced(ownK3s);
      if (lab.requires().networkPolicy() && policy.filter(p -> !p.enforced()).isPresent() && !why.contains(policyWhy)) why.add(policyWhy);
      if (!why.isEmpty()) out.put(lab.id(), why);
    }
    Instant at = java.util.stream.Stream.concat(marks.map(ClusterFacts.Marks::at).stream(), policy.map(ClusterFacts.PolicyFact::provenAt).stream())
        .max(Instant::compareTo).orElseThrow();
    return Optional.of(new Remembered(out, at));
  }

  /** Forgets what was proven about this cluster, so the next lab that needs it proves it again. */
  public synchronized void forgetClusterFacts() {
    policiesEnforced = null;
    facts.forget(server());
  }

  /**
   * Proves, before any of these labs is set up, what their preflight cannot ask cheaply: whether
   * the cluster enforces NetworkPolicy, when one of them needs it and it is not yet known. The
   * outcome is remembered for this API server; {@link #preflight} then counts it.
   */
  public void prove(List<Lab> labs, Consumer<String> progress) {
    if (labs.stream().anyMatch(l -> l.requires().networkPolicy())) policiesEnforced(progress);
  }

  /** The verdict on NetworkPolicy enforcement, proving it if nothing is known; true when it cannot be tested. */
  private synchronized boolean policiesEnforced(Consumer<String> progress) {
    Optional<Boolean> known = policyEnforcement();
    if (known.isPresent()) {
      policiesEnforced = known.get();
      return policiesEnforced;
    }
    if (!realCluster) return true;
    PolicyEnforcement.Verdict verdict = PolicyEnforcement.prove(client, PodExec.of(client), course.images().get("busybox"), progress);
    if (verdict == PolicyEnforcement.Verdict.UNTESTABLE) return true; // not remembered: other credentials may test it
    policiesEnforced = verdict == PolicyEnforcement.Verdict.ENFORCED;
    try {
      facts.rememberPolicy(server(), policiesEnforced, Instant.now());
    } catch (java.io.UncheckedIOException e) {
      progress.accept("could not remember the outcome (" + Errors.rootMessage(e) + "); the next start proves it again");
    }
    return policiesEnforced;
  }

  private String server() {
    return String.valueOf(client.getMasterUrl());
  }

  private void require(Lab lab) {
    List<String> p = preflight(lab);
    if (!p.isEmpty()) {
      boolean policy = lab.requires().networkPolicy() && Boolean.FALSE.equals(policyEnforcement().orElse(null));
      throw KubelabException.environment("this cluster cannot run " + lab.id() + ":\n  " + String.join("\n  ", p),
          policy ? "kubelab remembers this cluster's NetworkPolicy test from " + policyProvenAt().map(t -> java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
              .withZone(java.time.ZoneId.systemDefault()).format(t)).orElse("earlier")
              + "; once the cluster enforces policies, 'start " + lab.id() + " --recheck' tests it again"
              : "fix the above, then start the lab again");
    }
  }

  /**
   * Readies the cluster for a lab before anything of the lab exists: waits for Traefik, proves
   * NetworkPolicy enforcement (once per cluster, remembered), installs add-ons.
   */
  private void prepare(Lab lab, Consumer<String> progress) {
    if (realCluster && lab.requires().traefik()) Preflight.awaitTraefik(client, progress, Duration.ofMinutes(3));
    if (lab.requires().networkPolicy() && !policiesEnforced(progress)) {
      throw KubelabException.environment("this cluster cannot run " + lab.id() + ": " + PolicyEnforcement.notEnforced(ownK3s()),
          "other labs run here; once the cluster enforces policies, 'start " + lab.id() + " --recheck' proves it again");
    }
    for (String id : lab.requires().addons()) {
      if (cluster == null) continue;
      progress.accept("checking add-on " + id);
      addon(id).ensure(addonContext(progress));
    }
  }

  private void runOnNodes(List<NodeCommand> commands, Map<String, Object> model, Consumer<String> progress) {
    if (commands.isEmpty()) return;
    Optional<NodeShell> shell = nodeShell();
    if (shell.isEmpty()) return; // no node shell (the mock): preflight refused real clusters without one
    for (NodeCommand c : commands) {
      String node = templates.renderString(c.node(), model);
      String run = templates.renderString(c.run(), model);
      progress.accept("on node " + node + ": " + (run.length() > 60 ? run.substring(0, 57) + "..." : run));
      NodeShell.Result r = shell.get().exec(node, List.of("sh", "-c", run), Duration.ofMinutes(2));
      if (!r.ok()) {
        throw KubelabException.environment("a node command of the lab failed on " + node + " (exit " + r.exitCode() + "): "
            + (r.stderr().isBlank() ? r.stdout() : r.stderr()).strip(), "try reset; if it fails again, report the lab");
      }
    }
  }

  /** Why grading this lab now would be wrong (an add-on not healthy); empty when it can be graded. */
  public List<String> health(Lab lab) {
    List<String> out = new ArrayList<>();
    if (cluster == null) return out;
    for (String id : lab.requires().addons()) addons.get(id).ifPresent(a -> out.addAll(a.health(addonContext(m -> {}))));
    return out;
  }

  /**
   * Creates the lab's namespaces (labelled as kubelab's) and applies its setup. Returns the UIDs
   * of what setup created, for {@code unchanged} checks.
   */
  public Map<String, String> start(Lab lab, Placement placement, Consumer<String> progress) {
    require(lab);
    prepare(lab, progress);
    Map<String, Object> model = model(lab, placement);
    for (String ns : placement.namespaces().values()) {
      progress.accept("creating namespace " + ns);
      try {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns)
            .addToLabels(Applier.MANAGED_BY, "kubelab").addToLabels(Applier.PLACEMENT, placement.main())
            .addToLabels("kubelab.dev/lab", lab.id().replace('/', '.')).endMetadata().build())
            .createOr(io.fabric8.kubernetes.client.dsl.NonDeletingOperation::update);
      } catch (KubernetesClientException e) {
        throw Errors.translate(e, "create namespace " + ns);
      }
    }
    runOperators(lab, placement, progress);
    if (cluster != null) {
      for (String id : lab.requires().addons()) addon(id).startLab(addonContext(progress), lab, model);
      if (!lab.requires().addons().isEmpty()) model = model(lab, placement);
    }
    runOnNodes(lab.nodeSetup(), model, progress);
    return applyAll(lab, lab.setup(), model, placement, progress);
  }

  /** Renders every file first, so a manifest that cannot be applied stops the lot before anything is; then applies them. */
  private Map<String, String> applyAll(Lab lab, List<String> files, Map<String, Object> model, Placement placement,
      Consumer<String> progress) {
    Map<String, String> rendered = new LinkedHashMap<>();
    for (String file : files) {
      String yaml = templates.render(file, model);
      if (Model.namesUnlistedNode(yaml)) {
        throw KubelabException.environment(lab.id() + " places objects on named nodes (" + file.substring(file.lastIndexOf('/') + 1)
            + "), and " + Model.UNLISTED, "ask your instructor to run 'class create' again, which records the cluster's node names"
            + " in your namespace; or run the lab on your own cluster");
      }
      rendered.put(file, yaml);
    }
    Map<String, String> uids = new LinkedHashMap<>();
    rendered.forEach((file, yaml) -> {
      progress.accept("applying " + file.substring(file.lastIndexOf('/') + 1));
      uids.putAll(applier.apply(file, yaml, placement.main(), placement.main(), progress));
    });
    return uids;
  }

  /** Removes everything the lab created: its namespaces, and its cluster-scoped objects. Waits until gone. */
  public void cleanup(Lab lab, Placement placement, Consumer<String> progress, Duration timeout) {
    Consumer<String> once = distinct(progress);
    Map<String, Object> model = model(lab, placement);
    List<ResourceRef> clusterScoped = new ArrayList<>();
    for (String c : lab.cleanup()) clusterScoped.add(ResourceRef.parse(templates.renderString(c, model)));
    stopOperators(lab, placement, once);
    if (cluster != null) {
      for (String id : lab.requires().addons()) addon(id).cleanupLab(addonContext(once), lab, model);
    }
    runOnNodes(lab.nodeCleanup(), model, once);
    try {
      for (ResourceRef r : clusterScoped) {
        once.accept("deleting " + r.describe());
        client.genericKubernetesResources(r.apiVersion(), r.kind()).withName(r.name()).delete();
      }
      client.persistentVolumes().list().getItems().stream()
          .filter(pv -> pv.getMetadata().getDeletionTimestamp() == null) // already going: nothing to say twice
          .filter(pv -> pv.getSpec() != null && pv.getSpec().getClaimRef() != null
              && placement.namespaces().containsValue(pv.getSpec().getClaimRef().getNamespace()))
          .forEach(pv -> {
            once.accept("deleting PersistentVolume " + pv.getMetadata().getName());
            client.persistentVolumes().withName(pv.getMetadata().getName()).delete();
          });
      for (String ns : placement.namespaces().values()) {
        once.accept("deleting namespace " + ns);
        client.namespaces().withName(ns).delete();
      }
      Instant deadline = Instant.now().plus(timeout);
      for (String ns : placement.namespaces().values()) {
        while (client.namespaces().withName(ns).get() != null) {
          if (Instant.now().isAfter(deadline)) {
            throw KubelabException.environment("namespace " + ns + " is still terminating after " + timeout.toSeconds() + "s",
                "something holds a finalizer: 'kubectl get all -n " + ns + "' shows what is left; try reset again");
          }
          once.accept("waiting for namespace " + ns + " to go"); // once: the wait repeats every half second
          Thread.sleep(500);
        }
      }
    } catch (KubernetesClientException e) {
      throw Errors.translate(e, "clean up lab " + lab.id());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw KubelabException.environment("interrupted while cleaning up", "run reset again");
    }
  }

  /**
   * Installs the CRDs of the operators the lab runs ({@code requires.operators}) and starts them
   * in this process for the placement, unless they already run here. They run until the lab is
   * cleaned up or kubelab exits.
   */
  private synchronized void runOperators(Lab lab, Placement placement, Consumer<String> progress) {
    for (String id : lab.requires().operators()) {
      String key = id + "@" + placement.main();
      if (operatorRuns.containsKey(key)) continue;
      Operator operator = Operators.get(id).orElseThrow(() -> KubelabException.usage("no operator '" + id + "' in this kubelab",
          "the lab needs a newer kubelab, or its requires.operators is misspelt"));
      progress.accept("starting the " + id + " operator for " + placement.main() + " inside kubelab (it runs while kubelab runs)");
      operator.install(client, placement.main(), realCluster ? Duration.ofSeconds(60) : Duration.ZERO);
      operatorRuns.put(key, operator.run(client, placement.main()));
    }
  }

  /**
   * A lab started by an earlier kubelab process: its operators run again here before it is graded,
   * so what the learner did while kubelab was closed is reconciled now (level-triggered: the state
   * is read, not the missed events).
   */
  private void resumeOperators(Lab lab, Placement placement) {
    if (lab.requires().operators().isEmpty()) return;
    synchronized (this) {
      if (lab.requires().operators().stream().allMatch(id -> operatorRuns.containsKey(id + "@" + placement.main()))) return;
    }
    if (namespaceExists(placement)) runOperators(lab, placement, m -> {});
  }

  /** Lets the lab's operators finish reconciling what was just applied, so grading sees their work, not a race with it. */
  private void settleOperators(Lab lab, Placement placement) {
    List<Operator.Run> runs;
    synchronized (this) {
      runs = lab.requires().operators().stream().map(id -> operatorRuns.get(id + "@" + placement.main())).filter(java.util.Objects::nonNull).toList();
    }
    runs.forEach(Operator.Run::settle);
  }

  /** Stops the lab's operators for the placement and deletes their CRDs (and with them every custom resource of their kinds). */
  private void stopOperators(Lab lab, Placement placement, Consumer<String> progress) {
    for (String id : lab.requires().operators()) {
      Operator.Run run;
      synchronized (this) {
        run = operatorRuns.remove(id + "@" + placement.main());
      }
      if (run != null) {
        progress.accept("stopping the " + id + " operator for " + placement.main());
        run.close();
      }
      Operators.get(id).ifPresent(o -> o.uninstall(client, placement.main()));
    }
  }

  /** Stops every operator this engine runs; what they made stays in the cluster. For kubelab's exit. */
  public synchronized void stopOperators() {
    operatorRuns.values().forEach(Operator.Run::close);
    operatorRuns.clear();
  }

  /** Progress that says each line once: waits and repeated deletions are one step to the reader. */
  public static Consumer<String> distinct(Consumer<String> progress) {
    java.util.Set<String> said = java.util.concurrent.ConcurrentHashMap.newKeySet();
    return line -> {
      if (said.add(line)) progress.accept(line);
    };
  }

  /** Cleanup, then start again: the lab as new. */
  public Map<String, String> reset(Lab lab, Placement placement, Consumer<String> progress) {
    cleanup(lab, placement, progress, Duration.ofMinutes(2));
    return start(lab, placement, progress);
  }

  /** Applies the reference solution's manifests, then its deletions. */
  public void applySolution(Lab lab, Exercise exercise, Placement placement, Consumer<String> progress) {
    applySteps(lab, exercise, exercise.solution(), null, placement, progress);
  }

  /**
   * Applies a known-wrong case (for self-tests): the reference solution first when the case
   * spoils it, then the case's own steps, as a learner who took that shortcut would have.
   */
  public void applyWrongCase(Lab lab, Exercise exercise, Exercise.WrongCase wrong, Placement placement, Consumer<String> progress) {
    if (wrong.afterSolution()) applySolution(lab, exercise, placement, progress);
    applySteps(lab, exercise, wrong.steps(), wrong.manifests(), placement, progress);
  }

  private void applySteps(Lab lab, Exercise exercise, Exercise.Solution steps, String inlineManifests, Placement placement,
      Consumer<String> progress) {
    Map<String, Object> model = model(lab, placement);
    applyAll(lab, steps.apply(), model, placement, progress);
    if (inlineManifests != null) {
      String where = lab.id() + "/" + exercise.id() + " (inline manifests)";
      applier.apply(where, templates.renderString(inlineManifests, model), placement.main(), placement.main(), progress);
    }
    runOnNodes(steps.nodeRun(), model, progress);
    if (cluster != null) {
      for (Map.Entry<String, Object> step : steps.addon().entrySet()) {
        progress.accept("applying the solution through " + step.getKey());
        addon(step.getKey()).applySolution(addonContext(progress), lab, exercise, step.getValue(), model);
      }
    }
    settleOperators(lab, placement);
    if (realCluster && !steps.delete().isEmpty()) settle(placement, progress, Duration.ofSeconds(90));
    for (String d : steps.delete()) {
      ResourceRef r = ResourceRef.parse(templates.renderString(d, model));
      progress.accept("deleting " + r.describe());
      try {
        client.genericKubernetesResources(r.apiVersion(), r.kind()).inNamespace(placement.namespace(r.namespace()))
            .withName(r.name()).delete();
      } catch (KubernetesClientException e) {
        throw Errors.translate(e, "delete " + r.describe());
      }
    }
    if (!steps.delete().isEmpty()) settleOperators(lab, placement);
  }

  /**
   * Waits (to a deadline) until the lab's pods are Ready and its claims Bound, as a learner would
   * before deleting anything: deleting a claim that has not bound yet, or a pod that has not
   * started, teaches the wrong lesson. Pods that cannot become ready (a break-fix) end the wait at
   * the deadline, not with an error.
   */
  public void settle(Placement placement, Consumer<String> progress, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    progress.accept("waiting for the lab's pods and claims to settle");
    while (Instant.now().isBefore(deadline)) {
      boolean settled = placement.namespaces().values().stream().allMatch(ns ->
          client.pods().inNamespace(ns).list().getItems().stream().allMatch(p -> Readiness.isPodSucceeded(p) || Readiness.isPodReady(p))
          && client.persistentVolumeClaims().inNamespace(ns).list().getItems().stream()
              .allMatch(c -> c.getStatus() != null && "Bound".equals(c.getStatus().getPhase())));
      if (settled) return;
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Grades one exercise against the live cluster. */
  public ExerciseResult grade(Lab lab, Exercise exercise, Placement placement, LearnerState learner) {
    return grade(lab, exercise, placement, learner, new ClusterView(client));
  }

  /** Grades one exercise, sharing a view (and its list calls) with others of the same round. */
  public ExerciseResult grade(Lab lab, Exercise exercise, Placement placement, LearnerState learner, ClusterView view) {
    resumeOperators(lab, placement);
    Map<String, Object> model = model(lab, placement);
    return withoutNodeNames(exercise, model, grader.grade(lab, exercise, placement, model, learner, view, client, realCluster));
  }

  /** Grades every exercise of a lab in one round of list calls. */
  public List<ExerciseResult> gradeLab(Lab lab, Placement placement, LearnerState learner) {
    resumeOperators(lab, placement);
    ClusterView view = new ClusterView(client);
    Map<String, Object> model = model(lab, placement); // once a round: add-on values are read live (a Git HEAD, a CR)
    return lab.exercises().stream()
        .map(e -> withoutNodeNames(e, model, grader.grade(lab, e, placement, model, learner, view, client, realCluster))).toList();
  }

  /**
   * A check that names a node cannot be graded with stand-ins for the node names (see
   * {@link #nodes}): it fails, saying why, instead of comparing against a stand-in.
   */
  private ExerciseResult withoutNodeNames(Exercise exercise, Map<String, Object> model, ExerciseResult result) {
    if (!(model.get("nodes") instanceof List<?> names) || names.stream().noneMatch(n -> Model.namesUnlistedNode(String.valueOf(n)))) {
      return result;
    }
    List<CheckResult> checks = new ArrayList<>();
    for (CheckResult c : result.checks()) {
      boolean namesNode = c.status() != CheckResult.Status.SKIPPED
          && exercise.check(c.id()).map(spec -> namesUnlistedNode(spec.fields(), model)).orElse(false);
      checks.add(namesNode ? new CheckResult(c.id(), c.kind(), CheckResult.Status.FAILED, "cannot be graded with your credentials: it"
          + " needs the cluster's node names, and " + Model.UNLISTED + " (your instructor's 'class create' records them in your"
          + " namespace; its grading sees them)", c.explain(), c.weight(), c.guard()) : c);
    }
    return new ExerciseResult(result.labId(), result.exerciseId(), result.points(), List.copyOf(checks));
  }

  private boolean namesUnlistedNode(Object value, Map<String, Object> model) {
    if (value instanceof String s && (s.contains("${") || s.contains("<#"))) {
      try {
        return Model.namesUnlistedNode(templates.renderString(s, model));
      } catch (RuntimeException e) {
        return false; // a broken value is the grader's to report
      }
    }
    if (value instanceof Map<?, ?> m) return m.values().stream().anyMatch(v -> namesUnlistedNode(v, model));
    if (value instanceof List<?> l) return l.stream().anyMatch(v -> namesUnlistedNode(v, model));
    return false;
  }

  /** The instructions of an exercise, rendered for this placement (Markdown). */
  public String instructions(Lab lab, Exercise exercise, Placement placement) {
    return text.instructions(exercise, model(lab, placement));
  }

  public String intro(Lab lab, Placement placement) {
    return text.intro(lab, model(lab, placement));
  }

  /** The reference solution as the learner reads it. */
  public String solution(Lab lab, Exercise exercise, Placement placement) {
    return text.solution(exercise, placement, model(lab, placement));
  }

  /** The rendered answers the reference solution gives, keyed "exercise/check". */
  public Map<String, String> solutionAnswers(Lab lab, Exercise exercise, Placement placement) {
    return text.solutionAnswers(exercise, model(lab, placement));
  }

  /** Whether the objects the lab's checks read exist at all (used to tell "not started" from "failing"). */
  public boolean namespaceExists(Placement placement) {
    try {
      return client.namespaces().withName(placement.main()).get() != null;
    } catch (KubernetesClientException e) {
      throw Errors.translate(e, "read namespace " + placement.main());
    }
  }

  /**
   * Namespaced mode (a classroom student's namespace): applies the lab's setup into the
   * placement's namespace, which must exist and is neither created nor labelled here. The setup
   * UIDs are also kept in the ConfigMap {@code kubelab-setup} there, so grading by someone else
   * (the instructor) can check {@code unchanged}. Returns the setup UIDs.
   */
  public Map<String, String> startInPlace(Lab lab, Placement placement, Consumer<String> progress) {
    require(lab);
    prepare(lab, progress);
    Map<String, String> uids = applyAll(lab, lab.setup(), model(lab, placement), placement, progress);
    writeRecord(placement, setupKey(lab), uids);
    return uids;
  }

  /**
   * Why an exercise cannot be done in a class student's namespace although its lab can, or empty:
   * its traffic checks prove a block the class's own isolation makes anyway ({@code
   * Namespaced.unprovable}), or its reference solution opens a node port (a Service of type
   * NodePort or LoadBalancer), which the class's quota refuses (one port would be shared by every
   * student, and reached around the class's isolation policy).
   */
  public Optional<String> classUnavailable(Lab lab, Exercise exercise, Placement placement) {
    Optional<String> traffic = dev.kubelab.labs.classroom.Namespaced.unprovable(lab, exercise);
    if (traffic.isPresent()) return traffic;
    Map<String, Object> model = model(lab, placement);
    for (String file : exercise.solution().apply()) {
      for (Map<String, Object> o : objects(file, model)) {
        if (!"Service".equals(o.get("kind")) || !(o.get("spec") instanceof Map<?, ?> spec)) continue;
        Object type = spec.get("type");
        if ("NodePort".equals(type) || "LoadBalancer".equals(type)) {
          return Optional.of("opens a node port (a " + type + " Service), which a class's quota does not allow: one port would be"
              + " shared by every student, and reached around the class's isolation");
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Namespaced mode: the lab's setup workloads whose pods the namespace's own limits refuse before
   * any scheduler sees them, each as a sentence. A class's ResourceQuota caps what all pods request
   * together, and its LimitRange gives a container without a limit a default one, which a larger
   * request makes invalid; such a pod is never created (its ReplicaSet or Job records FailedCreate),
   * where the task expects a pod that waits in Pending. Limits this identity may not read are
   * left out.
   */
  public List<String> refusedByNamespaceLimits(Lab lab, Placement placement) {
    Map<String, Object> model = model(lab, placement);
    Map<String, List<io.fabric8.kubernetes.api.model.ResourceQuota>> quotas = new LinkedHashMap<>();
    Map<String, List<io.fabric8.kubernetes.api.model.LimitRange>> limits = new LinkedHashMap<>();
    List<String> out = new ArrayList<>();
    for (String file : lab.setup()) {
      for (Map<String, Object> o : objects(file, model)) {
        List<Map<?, ?>> containers = containers(o);
        if (containers.isEmpty()) continue;
        Map<?, ?> meta = o.get("metadata") instanceof Map<?, ?> m ? m : Map.of();
        String ns = meta.get("namespace") != null ? String.valueOf(meta.get("namespace")) : placement.main();
        String what = o.get("kind") + " " + meta.get("name");
        List<io.fabric8.kubernetes.api.model.ResourceQuota> q = quotas.computeIfAbsent(ns, n -> readable(() ->
            client.resourceQuotas().inNamespace(n).list().getItems()));
        List<io.fabric8.kubernetes.api.model.LimitRange> l = limits.computeIfAbsent(ns, n -> readable(() ->
            client.limitRanges().inNamespace(n).list().getItems()));
        for (Map<?, ?> c : containers) {
          Map<?, ?> resources = c.get("resources") instanceof Map<?, ?> r ? r : Map.of();
          Map<?, ?> requests = resources.get("requests") instanceof Map<?, ?> r ? r : Map.of();
          Map<?, ?> own = resources.get("limits") instanceof Map<?, ?> r ? r : Map.of();
          for (String res : List.of("cpu", "memory")) {
            java.math.BigDecimal request = amount(requests.get(res));
            if (request == null) continue;
            for (var range : l) {
              for (var item : range.getSpec().getLimits()) {
                if (!"Container".equals(item.getType()) || own.get(res) != null || item.getDefault() == null) continue;
                var given = item.getDefault().get(res);
                if (given != null && request.compareTo(io.fabric8.kubernetes.api.model.Quantity.getAmountInBytes(given)) > 0) {
                  out.add(what + " asks for " + requests.get(res) + " " + res + " and sets no " + res + " limit; the namespace's LimitRange "
                      + range.getMetadata().getName() + " gives it the default limit " + given + ", below the request, so the API server"
                      + " refuses its pods before any scheduler sees them");
                }
              }
            }
            for (var quota : q) {
              var hard = quota.getSpec() == null || quota.getSpec().getHard() == null ? null : quota.getSpec().getHard().get("requests." + res);
              if (hard != null && request.compareTo(io.fabric8.kubernetes.api.model.Quantity.getAmountInBytes(hard)) > 0) {
                out.add(what + " asks for " + requests.get(res) + " " + res + ", more than the namespace's ResourceQuota "
                    + quota.getMetadata().getName() + " allows all pods together (" + hard + "), so the quota refuses its pods before any"
                    + " scheduler sees them");
              }
            }
          }
        }
      }
    }
    return out;
  }

  /** The objects of one of the lab's manifest files, rendered for a placement (the content's own checks vouch for them). */
  private List<Map<String, Object>> objects(String file, Map<String, Object> model) {
    return dev.kubelab.labs.content.Manifests.parse(file, templates.render(file, model), new dev.kubelab.labs.content.Problems());
  }

  /** The containers of a workload's pod (a Pod, a pod template, a CronJob's job template); empty for anything else. */
  private static List<Map<?, ?>> containers(Map<String, Object> o) {
    Object spec = o.get("spec");
    for (String step : "CronJob".equals(o.get("kind")) ? List.of("jobTemplate", "spec", "template", "spec") : "Pod".equals(o.get("kind"))
        ? List.<String>of() : List.of("template", "spec")) {
      spec = spec instanceof Map<?, ?> m ? m.get(step) : null;
    }
    if (!(spec instanceof Map<?, ?> podSpec) || !(podSpec.get("containers") instanceof List<?> list)) return List.of();
    List<Map<?, ?>> out = new ArrayList<>();
    for (Object c : list) if (c instanceof Map<?, ?> m) out.add(m);
    return out;
  }

  private static java.math.BigDecimal amount(Object value) {
    if (value == null) return null;
    try {
      return io.fabric8.kubernetes.api.model.Quantity.getAmountInBytes(new io.fabric8.kubernetes.api.model.Quantity(String.valueOf(value)));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static <T> List<T> readable(java.util.function.Supplier<List<T>> read) {
    try {
      return read.get();
    } catch (KubernetesClientException e) {
      return List.of();
    }
  }

  /** Whether the lab was ever started in the placement's namespace (namespaced mode keeps a record there). */
  public boolean startedInPlace(Lab lab, Placement placement) {
    try {
      var cm = client.configMaps().inNamespace(placement.main()).withName(InPlace.SETUP_RECORD).get();
      return cm != null && cm.getData() != null && cm.getData().containsKey(setupKey(lab));
    } catch (KubernetesClientException e) {
      throw Errors.translate(e, "read the lab's record in namespace " + placement.main());
    }
  }

  /** The setup UIDs a namespaced start recorded in the placement's namespace; empty when none were. */
  public Map<String, String> recordedSetupUids(Lab lab, Placement placement) {
    return readRecord(placement, setupKey(lab));
  }

  /**
   * Namespaced mode: keeps the learner's answers ("exercise/check" → value) in their namespace, so
   * grading by someone else (the instructor) sees what they answered.
   */
  public void recordAnswers(Lab lab, Placement placement, Map<String, String> answers) {
    writeRecord(placement, setupKey(lab) + ".answers", answers);
  }

  /** The answers {@link #recordAnswers} kept; empty when none were. */
  public Map<String, String> recordedAnswers(Lab lab, Placement placement) {
    return readRecord(placement, setupKey(lab) + ".answers");
  }

  /** How a learner used an exercise's reference solution, as kept in their namespace. */
  public static final String SOLUTION_VIEWED = "viewed";
  public static final String SOLUTION_APPLIED = "applied";

  /**
   * Namespaced mode: keeps in the learner's namespace that they viewed or applied an exercise's
   * reference solution ({@link #SOLUTION_VIEWED}, {@link #SOLUTION_APPLIED}), so the instructor's
   * gradebook shows it. Applied is never taken back to viewed.
   */
  public void recordSolution(Lab lab, Placement placement, String exerciseId, String how) {
    Map<String, String> now = new LinkedHashMap<>(recordedSolutions(lab, placement));
    if (SOLUTION_APPLIED.equals(now.get(exerciseId)) || how.equals(now.get(exerciseId))) return;
    now.put(exerciseId, how);
    writeRecord(placement, setupKey(lab) + ".solutions", now);
  }

  /** What {@link #recordSolution} kept, by exercise id; empty when no solution was used. */
  public Map<String, String> recordedSolutions(Lab lab, Placement placement) {
    return readRecord(placement, setupKey(lab) + ".solutions");
  }

  /**
   * The learner as their namespace records them (answers and setup UIDs): what anyone grading the
   * namespace, the learner or their instructor, grades with, so both count the same.
   */
  public LearnerState recordedLearner(Lab lab, Placement placement) {
    return LearnerState.of(recordedAnswers(lab, placement), recordedSetupUids(lab, placement));
  }

  private void writeRecord(Placement placement, String key, Map<String, String> values) {
    try {
      var now = client.configMaps().inNamespace(placement.main()).withName(InPlace.SETUP_RECORD).get();
      Map<String, String> data = now == null || now.getData() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(now.getData());
      data.put(key, client.getKubernetesSerialization().asJson(values));
      client.configMaps().inNamespace(placement.main()).resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
          .withNewMetadata().withName(InPlace.SETUP_RECORD).addToLabels(Applier.MANAGED_BY, "kubelab").endMetadata()
          .withData(data).build()).createOr(io.fabric8.kubernetes.client.dsl.NonDeletingOperation::update);
    } catch (KubernetesClientException e) {
      throw Errors.translate(e, "record the lab's state in namespace " + placement.main());
    }
  }

  private Map<String, String> readRecord(Placement placement, String key) {
    try {
      var cm = client.configMaps().inNamespace(placement.main()).withName(InPlace.SETUP_RECORD).get();
      String json = cm == null || cm.getData() == null ? null : cm.getData().get(key);
      if (json == null) return Map.of();
      Map<String, String> out = new LinkedHashMap<>();
      Map<?, ?> read = client.getKubernetesSerialization().unmarshal(json, Map.class);
      read.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
      return out;
    } catch (KubernetesClientException e) {
      throw Errors.translate(e, "read the lab's record in namespace " + placement.main());
    }
  }

  private static String setupKey(Lab lab) {
    return lab.id().replace('/', '.');
  }

  /**
   * Namespaced mode: removes the lab from a namespace that stays (what setup created, and objects
   * of every kind the lab's checks and solutions name), keeping the classroom's own objects.
   */
  public void cleanupInPlace(Lab lab, Placement placement, Consumer<String> progress, Duration timeout) {
    new InPlace(client, templates).cleanup(lab, placement, model(lab, placement), progress, timeout);
  }

  /** Namespaced mode's reset: cleanup in place, then setup again. */
  public Map<String, String> resetInPlace(Lab lab, Placement placement, Consumer<String> progress) {
    cleanupInPlace(lab, placement, progress, Duration.ofMinutes(2));
    return startInPlace(lab, placement, progress);
  }
}
