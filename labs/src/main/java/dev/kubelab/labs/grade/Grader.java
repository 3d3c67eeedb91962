package dev.kubelab.labs.grade;

import dev.kubelab.labs.api.CheckResult;
import dev.kubelab.labs.api.CheckSpec;
import dev.kubelab.labs.api.Exercise;
import dev.kubelab.labs.api.ExerciseResult;
import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.labs.api.Lab;
import dev.kubelab.labs.api.Placement;
import dev.kubelab.labs.check.Check;
import dev.kubelab.labs.check.CheckContext;
import dev.kubelab.labs.check.CheckKinds;
import dev.kubelab.labs.check.Outcome;
import dev.kubelab.labs.check.PodExec;
import dev.kubelab.labs.check.ResourceRef;
import dev.kubelab.labs.content.Templates;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Grades exercises: binds each check to the placement, evaluates it against one cluster view. */
public final class Grader {
  private final CheckKinds kinds;
  private final Templates templates;
  private final java.util.function.Function<KubernetesClient, PodExec> exec;

  public Grader(CheckKinds kinds, Templates templates) {
    this(kinds, templates, PodExec::of);
  }

  /** With a stand-in for exec into pods (tests without kubelets). */
  public Grader(CheckKinds kinds, Templates templates, java.util.function.Function<KubernetesClient, PodExec> exec) {
    this.kinds = kinds;
    this.templates = templates;
    this.exec = exec;
  }

  /**
   * Grades one exercise. {@code model} is the lab's template model for this placement; a failing
   * check never throws, it says what it found. Losing the cluster does throw (exit code 3).
   */
  public ExerciseResult grade(Lab lab, Exercise exercise, Placement placement, Map<String, Object> model,
      LearnerState learner, ClusterView view, KubernetesClient client, boolean realCluster) {
    List<CheckResult> results = new ArrayList<>();
    for (CheckSpec spec : exercise.checks()) {
      List<String> problems = new ArrayList<>();
      Check check = kinds.bind(spec, v -> templates.renderString(v, model), problems);
      Outcome outcome;
      if (!problems.isEmpty()) {
        outcome = Outcome.fail("this check is broken in the content (" + spec.where() + "): " + problems.get(0));
      } else {
        Context ctx = new Context(view, placement, client, realCluster, learner.answer(exercise.id(), spec.id()), learner.setupUids(),
            exec.apply(client));
        try {
          outcome = check.evaluate(ctx);
        } catch (KubelabException e) {
          throw e;
        } catch (RuntimeException e) {
          outcome = Outcome.fail("could not be graded: " + e.getMessage());
        }
      }
      CheckResult.Status status = outcome.skipped() ? CheckResult.Status.SKIPPED
          : outcome.passed() ? CheckResult.Status.PASSED : CheckResult.Status.FAILED;
      String explain = spec.explain() == null ? null : templates.renderString(spec.explain(), model);
      results.add(new CheckResult(spec.id(), spec.kind(), status, outcome.detail(), explain, spec.weight(), spec.guard()));
    }
    return new ExerciseResult(lab.id(), exercise.id(), exercise.points(), List.copyOf(results));
  }

  private record Context(ClusterView view, Placement placement, KubernetesClient client, boolean realCluster,
      Optional<String> answer, Map<String, String> uids, PodExec exec) implements CheckContext {

    @Override
    public List<GenericKubernetesResource> list(ResourceRef ref) {
      String ns = namespace(ref.namespace());
      List<GenericKubernetesResource> all = ref.name() != null ? view.named(ref.apiVersion(), ref.kind(), ns, ref.name())
          : view.list(ref.apiVersion(), ref.kind(), ns);
      return all.stream()
          .filter(r -> ref.name() == null || ref.name().equals(r.getMetadata().getName()))
          .filter(r -> ref.matches(r.getMetadata().getLabels()))
          .filter(r -> ref.owner() == null || ownedBy(r, ref.owner(), 0))
          .toList();
    }

    /** Whether {@code owner} owns the object, directly or through its owners (a Deployment's ReplicaSet). */
    private boolean ownedBy(GenericKubernetesResource r, ResourceRef owner, int depth) {
      if (depth > 4 || r.getMetadata().getOwnerReferences() == null) return false;
      for (var o : r.getMetadata().getOwnerReferences()) {
        if (o.getKind().equals(owner.kind()) && o.getName().equals(owner.name())) return true;
        String ns = r.getMetadata().getNamespace();
        var parent = view.list(o.getApiVersion(), o.getKind(), ns).stream()
            .filter(p -> p.getMetadata().getName().equals(o.getName())).findFirst();
        if (parent.isPresent() && ownedBy(parent.get(), owner, depth + 1)) return true;
      }
      return false;
    }

    @Override
    public Map<String, Object> asMap(GenericKubernetesResource resource) {
      return view.asMap(resource);
    }

    @Override
    public String namespace(String logical) {
      return placement.namespace(logical);
    }

    @Override
    public Optional<String> setupUid(String key) {
      return Optional.ofNullable(uids.get(key));
    }
  }
}
