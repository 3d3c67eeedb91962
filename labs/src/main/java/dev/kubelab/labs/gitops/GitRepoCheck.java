package dev.kubelab.labs.gitops;

import dev.kubelab.labs.check.CheckContext;
import dev.kubelab.labs.check.CustomCheck;
import dev.kubelab.labs.check.Outcome;
import dev.kubelab.labs.check.Params;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Grades the learner's Git repository itself, read live: what the tip of main says, what its
 * history holds, what a committed file contains. Named in content as
 * {@code kind: custom, class: dev.kubelab.labs.gitops.GitRepoCheck} with these fields (every one
 * given must hold):
 *
 * <pre>
 * repo: ${flux.repoDir}              # required: the lab's repository
 * subject: '^Revert "'               # the tip's subject matches (a regex)
 * history: 'readiness'               # some commit of main's history has a subject matching
 * commits: 1                         # main has exactly this many commits
 * file: apps/web.yaml                # with fileMatches / fileNotMatches: the file as committed at the tip
 * fileMatches: 'replicas:\s*3\b'
 * fileNotMatches: 'replicas:\s*5\b'
 * </pre>
 *
 * It is graded on a real cluster only: with no cluster the repository is not there, and the
 * self-tests on the mock API server skip it.
 */
public final class GitRepoCheck implements CustomCheck {
  private String repo;
  private Pattern subject;
  private Pattern history;
  private Integer commits;
  private String file;
  private Pattern fileMatches;
  private Pattern fileNotMatches;

  @Override
  public void configure(Params p) {
    repo = p.string("repo");
    subject = pattern(p, "subject");
    history = pattern(p, "history");
    commits = p.has("commits") ? p.integer("commits", 0) : null;
    file = p.optString("file", null);
    fileMatches = pattern(p, "fileMatches");
    fileNotMatches = pattern(p, "fileNotMatches");
    if ((fileMatches != null || fileNotMatches != null) && file == null) p.problem("file", "is required with fileMatches or fileNotMatches");
    if (file != null && fileMatches == null && fileNotMatches == null) p.problem("file", "needs fileMatches or fileNotMatches");
    if (subject == null && history == null && commits == null && file == null) {
      p.problem("repo", "say what to check: subject, history, commits or file");
    }
  }

  private static Pattern pattern(Params p, String key) {
    String s = p.optString(key, null);
    if (s == null) return null;
    try {
      return Pattern.compile(s);
    } catch (PatternSyntaxException e) {
      p.problem(key, "not a valid regular expression: " + e.getDescription());
      return null;
    }
  }

  @Override
  public Outcome evaluate(CheckContext ctx) {
    if (!ctx.realCluster()) return Outcome.skip("reads your lab's Git repository, which exists on a real cluster's lab only");
    LabRepository r = new LabRepository(Path.of(repo));
    if (!r.exists()) return Outcome.fail("there is no lab Git repository in " + repo + ": start (or reset) the lab");
    List<LabRepository.Commit> log = r.history(500);
    if (log.isEmpty()) return Outcome.fail("main has no commits in " + repo);
    List<String> wrong = new ArrayList<>();
    if (subject != null && !subject.matcher(log.get(0).subject()).find()) {
      wrong.add("expected the last commit on main to match /" + subject + "/, found '" + log.get(0).subject() + "'");
    }
    if (history != null && log.stream().noneMatch(c -> history.matcher(c.subject()).find())) {
      wrong.add("expected a commit matching /" + history + "/ in main's history, found " + subjects(log));
    }
    if (commits != null && log.size() != commits) {
      wrong.add("expected " + commits + " commit(s) on main, found " + log.size() + ": " + subjects(log));
    }
    if (file != null) {
      Optional<String> text = r.fileAtTip(file);
      if (text.isEmpty()) {
        wrong.add("expected " + file + " to be committed on main, and it is not");
      } else if (fileMatches != null && !fileMatches.matcher(text.get()).find()) {
        wrong.add("expected " + file + " as committed to match /" + fileMatches + "/, and it does not");
      } else if (fileNotMatches != null && fileNotMatches.matcher(text.get()).find()) {
        wrong.add("expected " + file + " as committed not to match /" + fileNotMatches + "/, and it does");
      }
    }
    if (wrong.isEmpty()) return Outcome.pass("your repository's main branch is as expected");
    List<String> pending = r.uncommitted();
    String note = pending.isEmpty() ? "" : " (not committed yet: " + String.join(", ", pending) + " — Flux only sees commits)";
    return Outcome.fail(String.join("; ", wrong) + note);
  }

  private static String subjects(List<LabRepository.Commit> log) {
    List<String> s = log.stream().limit(5).map(c -> "'" + c.subject() + "'").toList();
    return String.join(", ", s) + (log.size() > 5 ? ", ..." : "");
  }
}
