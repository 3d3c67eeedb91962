package dev.kubelab.labs.check;

/** What a check found: pass or fail, with a sentence saying what was expected and what was found. */
public record Outcome(boolean passed, String detail, boolean skipped) {

  public static Outcome pass(String detail) {
    return new Outcome(true, detail, false);
  }

  public static Outcome fail(String detail) {
    return new Outcome(false, detail, false);
  }

  /** Could not be graded here (e.g. needs a real cluster); counts as not passed. */
  public static Outcome skip(String reason) {
    return new Outcome(false, reason, true);
  }
}
