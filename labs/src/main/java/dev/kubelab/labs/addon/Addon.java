package dev.kubelab.labs.addon;

import dev.kubelab.labs.api.Exercise;
import dev.kubelab.labs.api.Lab;
import java.util.List;
import java.util.Map;

/**
 * Something kubelab installs into the lab cluster before a lab that names it in
 * {@code requires.addons}: a GitOps reconciler, KubeVirt. Installing is idempotent (a second lab
 * finds it there); the version is pinned by the add-on.
 *
 * <p>Order for a lab: {@link #preflight}, {@link #ensure}, the lab's namespaces are created,
 * {@link #startLab}, the setup manifests (rendered with {@link #model}) are applied. Reset runs
 * {@link #cleanupLab} first. Grading asks {@link #health} and renders checks with {@link #model},
 * read again for every round, so live values (a Git HEAD) are current.
 */
public interface Addon {

  /** The id labs name it by, e.g. "flux". */
  String id();

  /**
   * Why the add-on cannot be installed or used on this cluster, one sentence each with what to
   * do; empty when it can. Asked before a lab starts, so nothing is changed yet.
   */
  List<String> preflight(AddonContext context);

  /**
   * Installs the add-on if it is not there, and waits until it is healthy, reporting progress.
   * Failures are {@link dev.kubelab.labs.api.KubelabException}s that say what happened and what to do.
   */
  void ensure(AddonContext context);

  /** Why the installed add-on cannot grade right now (a controller not Ready); empty when healthy. */
  List<String> health(AddonContext context);

  /**
   * Template variables for one lab's files and checks, put under the add-on's id (e.g.
   * {@code ${flux.head}}). {@code base} is the lab's model ({@code ns}, {@code namespaces},
   * {@code nodes}, ...). Read again for every grading round.
   */
  default Map<String, Object> model(AddonContext context, Lab lab, Map<String, Object> base) {
    return Map.of();
  }

  /**
   * What the add-on takes from the machine once installed, on top of k3s itself; empty when it is
   * too small to matter. {@code kubelab doctor} weighs it against the free memory and CPUs.
   */
  default java.util.Optional<dev.kubelab.labs.cluster.Footprint> footprint() {
    return java.util.Optional.empty();
  }

  /** Stand-in values for {@link #model} with the same keys, for validating content with no cluster. */
  default Map<String, Object> sampleModel() {
    return Map.of();
  }

  /**
   * The API kinds the add-on's installation brings (its CRDs), so a test API server with no add-on
   * installed can still store the objects a lab names: kubelab's self-tests register them there.
   */
  default List<Kind> kinds() {
    return List.of();
  }

  /** One kind an add-on serves: {@code kubevirt.io}, {@code v1}, {@code VirtualMachine}, {@code virtualmachines}. */
  record Kind(String group, String version, String kind, String plural) {}

  /** Per-lab state outside the cluster (e.g. the learner's Git repository), made at lab start. */
  default void startLab(AddonContext context, Lab lab, Map<String, Object> model) {}

  /** Undoes {@link #startLab} at reset; the learner's files are kept aside, never deleted. */
  default void cleanupLab(AddonContext context, Lab lab, Map<String, Object> model) {}

  /**
   * Problems with an exercise's {@code solution.addon.<id>} value (free-form, the add-on's own
   * format), one message each; called when the content loads.
   */
  default List<String> validateSolution(Object spec) {
    return List.of("the " + id() + " add-on takes no solution steps");
  }

  /** Applies {@code solution.addon.<id>}: the part of a reference solution outside the cluster. */
  default void applySolution(AddonContext context, Lab lab, Exercise exercise, Object spec, Map<String, Object> model) {}
}
