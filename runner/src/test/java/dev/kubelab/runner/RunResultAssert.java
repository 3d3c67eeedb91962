package dev.kubelab.runner;

import org.assertj.core.api.AbstractAssert;

/** {@code assertThat(run("check")).exitedWith(1).outContains("expected blue")}. */
final class RunResultAssert extends AbstractAssert<RunResultAssert, RunResult> {

  private RunResultAssert(RunResult actual) {
    super(actual, RunResultAssert.class);
  }

  static RunResultAssert assertThat(RunResult actual) {
    return new RunResultAssert(actual);
  }

  RunResultAssert exitedWith(int code) {
    isNotNull();
    if (actual.exitCode() != code) failWithMessage("expected exit code %d but was %d%s", code, actual.exitCode(), dump());
    return this;
  }

  RunResultAssert outContains(String... parts) {
    for (String p : parts) {
      if (!actual.out().contains(p)) failWithMessage("expected the output to contain%n  <%s>%s", p, dump());
    }
    return this;
  }

  RunResultAssert outDoesNotContain(String part) {
    if (actual.out().contains(part)) failWithMessage("expected the output not to contain%n  <%s>%s", part, dump());
    return this;
  }

  RunResultAssert errContains(String... parts) {
    for (String p : parts) {
      if (!actual.err().contains(p)) failWithMessage("expected the error output to contain%n  <%s>%s", p, dump());
    }
    return this;
  }

  RunResultAssert openedNoCluster() {
    if (actual.clusterOpened()) failWithMessage("expected the command not to open the cluster%s", dump());
    return this;
  }

  private String dump() {
    return String.format("%n--- out ---%n%s%n--- err ---%n%s", actual.out(), actual.err());
  }
}
