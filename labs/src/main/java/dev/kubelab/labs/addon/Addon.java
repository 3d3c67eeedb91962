package dev.kubelab.labs.addon;

import java.util.List;
import java.util.Map;

/**
 * Something kubelab installs into the lab cluster before a lab that names it in
 * {@code requires.addons}: a GitOps reconciler, KubeVirt. Installing is idempotent (a second lab
 * finds it there); the version is pinned by the add-on.
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
   * Template variables the add-on gives the lab's files, under its id (e.g. {@code ${flux.gitUrl}}).
   * Called after {@link #ensure}; may be asked again in a later process, so it reads live state.
   */
  default Map<String, Object> model(AddonContext context) {
    return Map.of();
  }

  /** Stand-in values for {@link #model} with the same keys, for validating content with no cluster. */
  default Map<String, Object> sampleModel() {
    return Map.of();
  }
}
