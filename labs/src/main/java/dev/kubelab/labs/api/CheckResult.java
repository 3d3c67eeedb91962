package dev.kubelab.labs.api;

/**
 * The result of one check: passed or not, and in words what was expected and what was found.
 * A skipped check (e.g. an exec check without a real cluster) counts as not passed.
 */
public record CheckResult(String id, String kind, Status status, String detail, String explain, int weight) {

  public enum Status { PASSED, FAILED, SKIPPED }

  public boolean passed() {
    return status == Status.PASSED;
  }
}
