package dev.kubelab.labs.gitops;

import dev.kubelab.labs.addon.Addon;
import dev.kubelab.labs.addon.AddonContext;
import dev.kubelab.labs.api.Exercise;
import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.labs.api.Lab;
import dev.kubelab.labs.content.ContentSource;
import dev.kubelab.labs.content.Templates;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The GitOps add-on, {@code requires: {addons: [flux]}}: a real reconciler in the cluster (Flux's
 * source-controller and kustomize-controller), a Git repository per lab on the learner's machine,
 * and kubelab's Git server that lets Flux fetch it.
 *
 * <p>A lab's folder holds {@code repo.yaml}: the steps ({@link RepoSteps}) that make the
 * repository the lab starts with, from files of the folder rendered as templates. A reference
 * solution's {@code addon: {flux: [...]}} uses the same steps. Templates see, under {@code flux.}:
 * {@code gitUrl} (what Flux fetches), {@code repoDir} (the learner's folder), {@code branch},
 * {@code head} (the full id of main's tip, read live), {@code headShort}, {@code headSubject},
 * {@code revision} (as Flux writes it: {@code main@sha1:<head>}), {@code namespace}, {@code version}, and
 * {@code sample}: true only with stand-in values, when there is no cluster.
 */
public final class FluxAddon implements Addon {
  public static final String ID = "flux";
  static final String REPO_FILE = "repo.yaml";

  private final ContentSource content;
  private final Templates templates;
  private final FluxInstall install;
  private final GitAccess access;

  /** For the packaged course. */
  public FluxAddon() {
    this(ContentSource.classpath());
  }

  /** For a course read from {@code content} (kubelab --content DIR): the labs' repository files come from there. */
  public FluxAddon(ContentSource content) {
    this(content, FluxInstall.officialReleases(), GitAccess.fromEnvironment());
  }

  FluxAddon(ContentSource content, URI releases, GitAccess access) {
    this.content = content;
    this.templates = new Templates(content);
    this.install = new FluxInstall(releases);
    this.access = access;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<Kind> kinds() {
    return List.of(new Kind("source.toolkit.fluxcd.io", "v1", "GitRepository", "gitrepositories"),
        new Kind("kustomize.toolkit.fluxcd.io", "v1", "Kustomization", "kustomizations"));
  }

  /** Its two controllers request 64 MiB and 50m CPU each (Flux's own manifests); room to reconcile is counted on top. */
  @Override
  public Optional<dev.kubelab.labs.cluster.Footprint> footprint() {
    return Optional.of(new dev.kubelab.labs.cluster.Footprint(256 * dev.kubelab.labs.cluster.Footprint.MIB, 0.2,
        "Flux's two controllers", "Flux's controllers may be killed for memory and stop reconciling"));
  }

  @Override
  public List<String> preflight(AddonContext context) {
    return access.preflight(context.cluster());
  }

  @Override
  public void ensure(AddonContext context) {
    install.ensure(context.client(), context.home(), context.progress(), context.images());
    access.serve(context.cluster(), LabRepository.root(context.home()), context.progress());
  }

  @Override
  public List<String> health(AddonContext context) {
    List<String> out = new ArrayList<>(FluxInstall.health(context.client()));
    if (!out.isEmpty()) return out;
    try {
      // a new kubelab session serves the repositories again (the server lives in kubelab's process)
      access.serve(context.cluster(), LabRepository.root(context.home()), m -> {});
    } catch (KubelabException e) {
      out.add("Flux cannot fetch your lab repositories: " + e.getMessage());
    }
    return out;
  }

  @Override
  public Map<String, Object> model(AddonContext context, Lab lab, Map<String, Object> base) {
    String ns = String.valueOf(base.get("ns"));
    LabRepository repo = LabRepository.of(context.home(), ns);
    return values(access.url(ns), repo.dir().toAbsolutePath().toString(), repo.tip(), false);
  }

  @Override
  public Map<String, Object> sampleModel() {
    return values(GitAccess.IN_CLUSTER + "/kl-gitops-sample.git", "/home/you/.kubelab/gitops/kl-gitops-sample",
        Optional.of(new LabRepository.Commit("5e1f0c3a9b8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f", "Sample commit")), true);
  }

  private static Map<String, Object> values(String gitUrl, String repoDir, Optional<LabRepository.Commit> tip, boolean sample) {
    Map<String, Object> m = new LinkedHashMap<>();
    String head = tip.map(LabRepository.Commit::id).orElse("");
    m.put("gitUrl", gitUrl);
    m.put("repoDir", repoDir);
    m.put("branch", LabRepository.BRANCH);
    m.put("head", head);
    m.put("headShort", head.length() > 7 ? head.substring(0, 7) : head);
    m.put("headSubject", tip.map(LabRepository.Commit::subject).orElse(""));
    m.put("revision", LabRepository.BRANCH + "@sha1:" + head);
    m.put("namespace", FluxInstall.NAMESPACE);
    m.put("version", FluxInstall.VERSION);
    // true while rendering with stand-in values (validation, the mock API server of kubelab's own
    // tests, where no Flux installed its types): content can then add stand-ins for Flux's CRDs
    m.put("sample", sample);
    return m;
  }

  /** Creates the lab's repository from its {@code repo.yaml}; an older one is moved aside first. */
  @Override
  public void startLab(AddonContext context, Lab lab, Map<String, Object> model) {
    access.serve(context.cluster(), LabRepository.root(context.home()), context.progress());
    LabRepository repo = LabRepository.of(context.home(), String.valueOf(model.get("ns")));
    repo.moveAside(context.home()).ifPresent(p -> context.progress().accept("kept your previous repository of this lab in " + p));
    repo.create(startingSteps(lab), renderer(lab, model));
    context.progress().accept("your Git repository for this lab: " + repo.dir());
  }

  @Override
  public void cleanupLab(AddonContext context, Lab lab, Map<String, Object> model) {
    LabRepository.of(context.home(), String.valueOf(model.get("ns"))).moveAside(context.home())
        .ifPresent(p -> context.progress().accept("kept your repository of this lab in " + p));
  }

  @Override
  public List<String> validateSolution(Object spec) {
    return RepoSteps.problems(spec);
  }

  /** Commits in the lab's repository; a {@code scale} step changes the cluster by hand, as a learner would. */
  @Override
  public void applySolution(AddonContext context, Lab lab, Exercise exercise, Object spec, Map<String, Object> model) {
    access.serve(context.cluster(), LabRepository.root(context.home()), context.progress());
    String ns = String.valueOf(model.get("ns"));
    LabRepository repo = LabRepository.of(context.home(), ns);
    List<RepoSteps.Step> batch = new ArrayList<>();
    for (RepoSteps.Step step : RepoSteps.parse(spec).steps()) {
      if (step instanceof RepoSteps.Scale s) {
        repo.apply(new RepoSteps(batch), renderer(lab, model), m -> context.progress().accept("  " + m));
        batch.clear();
        ClickOps.scale(context.client(), ns, s, context.progress());
      } else {
        batch.add(step);
      }
    }
    repo.apply(new RepoSteps(batch), renderer(lab, model), m -> context.progress().accept("  " + m));
  }

  /** The steps in the lab folder's {@code repo.yaml} ({@code steps: [...]}). */
  RepoSteps startingSteps(Lab lab) {
    String path = folder(lab) + REPO_FILE;
    String text = content.read(path).orElseThrow(() -> KubelabException.usage("lab " + lab.id() + " requires the flux add-on and"
        + " has no " + REPO_FILE + " (" + content.describe() + ": " + path + ")", "add the repository the lab starts with there"));
    Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    Object steps = doc instanceof Map<?, ?> m ? m.get("steps") : null;
    List<String> problems = new ArrayList<>(RepoSteps.problems(steps));
    if (problems.isEmpty() && RepoSteps.parse(steps).steps().stream().anyMatch(st -> st instanceof RepoSteps.Scale)) {
      problems.add("scale steps change the cluster and belong in a solution, not in the starting repository");
    }
    if (!problems.isEmpty()) {
      throw KubelabException.usage(path + ": " + String.join("; ", problems.stream().map(p -> p.startsWith("[") ? "steps" + p : "steps: " + p).toList()),
          "fix the file");
    }
    return RepoSteps.parse(steps);
  }

  /** Renders a file of the lab's folder with the lab's model. */
  UnaryOperator<String> renderer(Lab lab, Map<String, Object> model) {
    String folder = folder(lab);
    return file -> templates.render(folder + file, new java.util.HashMap<>(model));
  }

  static String folder(Lab lab) {
    return "chapters/" + lab.id() + "/";
  }
}
