package dev.kubelab.labs.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One graded task of a lab. */
public record Exercise(
    String id,
    String title,
    String vmware,
    String instructions,
    int points,
    List<Hint> hints,
    Solution solution,
    List<CheckSpec> checks,
    List<WrongCase> wrong) implements java.io.Serializable {

  /** An exercise with no known-wrong cases. */
  public Exercise(String id, String title, String vmware, String instructions, int points, List<Hint> hints, Solution solution,
      List<CheckSpec> checks) {
    this(id, title, vmware, instructions, points, hints, solution, checks, List.of());
  }

  public Optional<CheckSpec> check(String checkId) {
    return checks.stream().filter(c -> c.id().equals(checkId)).findFirst();
  }

  /** A hint; with {@code when}, it is shown first while the named check fails. */
  public record Hint(String text, String when) implements java.io.Serializable {}

  /**
   * The reference solution: manifests to apply, objects to delete afterwards, values for answer
   * and choice checks, notes for the learner, and (for tests without controllers) the state a
   * real cluster would report once it settled. {@code nodeRun} runs on nodes; {@code addon} holds,
   * per add-on id, steps that add-on applies (a commit to the learner's Git repository).
   */
  public record Solution(
      List<String> apply, List<String> delete, Map<String, String> answers, String notes, String state,
      List<NodeCommand> nodeRun, Map<String, Object> addon) implements java.io.Serializable {

    /** A solution with nothing to run on nodes or through add-ons. */
    public Solution(List<String> apply, List<String> delete, Map<String, String> answers, String notes, String state) {
      this(apply, delete, answers, notes, state, List.of(), Map.of());
    }
  }

  /**
   * A known-wrong solution: what a learner might plausibly do that does NOT complete the task.
   * The self-tests prove that grading fails it. {@code steps} are applied like a solution (files,
   * deletions, answers, a recorded state for the mock); {@code manifests} and {@code stateManifests}
   * are the same written inline. With {@code afterSolution} the reference solution is applied first
   * and the steps spoil it. {@code fails} names checks that must fail (empty: at least one must).
   */
  public record WrongCase(String what, boolean afterSolution, Solution steps, String manifests, String stateManifests,
      List<String> fails) implements java.io.Serializable {}
}
