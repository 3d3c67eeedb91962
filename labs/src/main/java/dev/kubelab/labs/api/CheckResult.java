package dev.kubelab.labs.api;

/**
 * The result of one check: passed or not, and in words what was expected and what was found.
 * A skipped check (e.g. an exec check without a real cluster) counts as not passed. A
 * {@code guard} (see {@link CheckSpec#guard()}) earns its weight only once the exercise shows
 * progress.
 */
public record CheckResult(String id, String kind, Status status, String detail, String explain, int weight, boolean guard) {

  public enum Status { PASSED, FAILED, SKIPPED }

  public CheckResult(String id, String kind, Status status, String detail, String explain, int weight) {
    this(id, kind, status, detail, explain, weight, false);
  }

  public boolean passed() {
    return status == Status.PASSED;
  }

  /** A question the learner answers, whose explanation gives its answer away until it is answered right. */
  public boolean question() {
    return CheckSpec.isQuestion(kind);
  }
}
