package dev.kubelab.runner.command;

import dev.kubelab.labs.api.KubelabException;

/**
 * A command a student in class mode (one namespace on a shared cluster) cannot use: help and
 * completion leave it out there, and typing it anyway gets this refusal instead of a run.
 */
public interface NotInClassMode {
  /** Why the command does not work in the student's namespace {@code namespace}, and what to do instead. */
  KubelabException refusedInClass(String namespace);
}
