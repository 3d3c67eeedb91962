package dev.kubelab.labs.check;

/** A check bound to a placement, ready to evaluate against the cluster. */
@FunctionalInterface
public interface Check {
  Outcome evaluate(CheckContext ctx);
}
