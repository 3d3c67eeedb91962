package dev.kubelab.labs.check;

/**
 * One kind of check (exists, field, pods-ready, ...). {@link #create} reads and validates the
 * fields; problems go to {@link Params#problem}, and the check it returns is evaluated later.
 */
public interface CheckKind {
  String name();

  Check create(Params params);

  /** True when the kind cannot be graded without a real cluster (exec into a pod). */
  default boolean needsRealCluster() {
    return false;
  }
}
