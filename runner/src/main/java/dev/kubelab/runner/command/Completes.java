package dev.kubelab.runner.command;

import dev.kubelab.runner.App;
import java.util.List;

/** A command that can suggest values for its arguments in the shell (lab ids, check ids). */
public interface Completes {
  /** Candidates for the argument after {@code typed} (the words after the command name). */
  List<String> candidates(App app, List<String> typed);
}
