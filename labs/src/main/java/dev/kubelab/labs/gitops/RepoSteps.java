package dev.kubelab.labs.gitops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What kubelab does to a learner's Git repository, in the flux add-on's own format: the
 * repository a lab starts with ({@code repo.yaml} in the lab's folder) and the part of a
 * reference solution that lives in Git ({@code solution.addon.flux}). A list of steps, each a
 * mapping with one key:
 *
 * <pre>
 * - write: {apps/web.yaml: solution/web.yaml}   # repository path: a file of the lab's folder (a template)
 * - delete: [apps/old.yaml]                      # repository paths
 * - commit: Add the web Deployment               # stage what the steps wrote or deleted, commit it
 * - revert: HEAD                                 # like 'git revert --no-edit HEAD' (or HEAD~1, HEAD~2, ...)
 * - scale: {deployment: web, replicas: 5}        # solutions only: a change by hand in the cluster, as
 *                                                #   'kubectl scale' makes it, once Flux has created the Deployment
 * </pre>
 *
 * Every write or delete must be followed by a commit: Flux only sees commits.
 */
public record RepoSteps(List<Step> steps) {

  /** One step; see the class comment. */
  public sealed interface Step permits Write, Delete, Commit, Revert, Scale {}

  /** Files rendered from the lab's folder into the repository, repository path to lab file. */
  public record Write(Map<String, String> files) implements Step {}

  public record Delete(List<String> paths) implements Step {}

  public record Commit(String message) implements Step {}

  /** Reverts the commit {@code back} commits below the tip of main (0: the tip itself). */
  public record Revert(int back) implements Step {}

  /** A ClickOps change in the cluster (the lab's namespace), not in Git: what drift is made of. */
  public record Scale(String deployment, int replicas) implements Step {}

  /** The steps that change the repository, without the ones that change the cluster. */
  public RepoSteps inRepository() {
    return new RepoSteps(steps.stream().filter(s -> !(s instanceof Scale)).toList());
  }

  private static final Pattern REVISION = Pattern.compile("HEAD(?:~(\\d+)|(\\^*))");

  public RepoSteps {
    steps = List.copyOf(steps);
  }

  /** Reads steps, or throws {@link IllegalArgumentException} with every problem, one per line. */
  public static RepoSteps parse(Object spec) {
    List<String> problems = new ArrayList<>();
    RepoSteps steps = read(spec, problems);
    if (!problems.isEmpty()) throw new IllegalArgumentException(String.join("\n", problems));
    return steps;
  }

  /** Every problem with the steps as written, each "where: what"; empty when they are fine. */
  public static List<String> problems(Object spec) {
    List<String> problems = new ArrayList<>();
    read(spec, problems);
    return problems;
  }

  private static RepoSteps read(Object spec, List<String> problems) {
    List<Step> out = new ArrayList<>();
    if (!(spec instanceof List<?> list) || list.isEmpty()) {
      problems.add("must be a list of steps: write, delete, commit or revert (e.g. [{write: {apps/web.yaml: web.yaml}},"
          + " {commit: Add web}])");
      return new RepoSteps(out);
    }
    for (int i = 0; i < list.size(); i++) {
      String at = "[" + i + "]";
      if (!(list.get(i) instanceof Map<?, ?> m) || m.size() != 1) {
        problems.add(at + ": each step is a mapping with one key: write, delete, commit or revert");
        continue;
      }
      Map.Entry<?, ?> e = m.entrySet().iterator().next();
      String key = String.valueOf(e.getKey());
      Object value = e.getValue();
      switch (key) {
        case "write" -> {
          if (!(value instanceof Map<?, ?> files) || files.isEmpty()) {
            problems.add(at + ".write: must map repository paths to files of the lab's folder, e.g. {apps/web.yaml: web.yaml}");
            continue;
          }
          Map<String, String> w = new LinkedHashMap<>();
          files.forEach((k, v) -> {
            String repoPath = String.valueOf(k);
            checkPath(at + ".write." + repoPath, repoPath, problems);
            if (!(v instanceof String s) || s.isBlank()) {
              problems.add(at + ".write." + repoPath + ": must name a file of the lab's folder");
            } else {
              checkPath(at + ".write." + repoPath, s, problems);
              w.put(repoPath, s);
            }
          });
          out.add(new Write(w));
        }
        case "delete" -> {
          List<String> paths = new ArrayList<>();
          if (value instanceof String s) paths.add(s);
          else if (value instanceof List<?> l) l.forEach(p -> paths.add(String.valueOf(p)));
          if (paths.isEmpty()) problems.add(at + ".delete: must list repository paths");
          paths.forEach(p -> checkPath(at + ".delete", p, problems));
          out.add(new Delete(paths));
        }
        case "commit" -> {
          if (!(value instanceof String s) || s.isBlank()) {
            problems.add(at + ".commit: must be the commit message");
          } else {
            out.add(new Commit(s.strip()));
          }
        }
        case "revert" -> {
          var r = value instanceof String s ? REVISION.matcher(s.strip()) : null;
          if (r == null || !r.matches()) {
            problems.add(at + ".revert: must be HEAD, HEAD~N or HEAD^: the commit to revert, counted from the tip of main");
          } else {
            out.add(new Revert(r.group(1) != null ? Integer.parseInt(r.group(1)) : r.group(2).length()));
          }
        }
        case "scale" -> {
          Object d = value instanceof Map<?, ?> m2 ? m2.get("deployment") : null;
          Object r = value instanceof Map<?, ?> m2 ? m2.get("replicas") : null;
          if (!(value instanceof Map<?, ?> m2) || m2.size() != 2 || d == null || String.valueOf(d).isBlank()
              || r == null || !String.valueOf(r).matches("\\d{1,3}")) {
            problems.add(at + ".scale: must be {deployment: NAME, replicas: N}");
          } else {
            out.add(new Scale(String.valueOf(d), Integer.parseInt(String.valueOf(r))));
          }
        }
        default -> problems.add(at + ": unknown step '" + key + "'; a step is write, delete, commit, revert or scale");
      }
    }
    int lastCommit = -1;
    int lastChange = -1;
    for (int i = 0; i < out.size(); i++) {
      if (out.get(i) instanceof Commit || out.get(i) instanceof Revert) lastCommit = i;
      if (out.get(i) instanceof Write || out.get(i) instanceof Delete) lastChange = i;
    }
    if (lastChange > lastCommit) {
      problems.add("a write or delete is never committed; follow it with a commit step (Flux only sees commits)");
    }
    return new RepoSteps(out);
  }

  /** Relative, inside the repository (or the lab's folder), and never into .git. */
  static void checkPath(String at, String path, List<String> problems) {
    String p = path.replace('\\', '/');
    boolean bad = p.isBlank() || p.startsWith("/") || p.matches("^[A-Za-z]:.*")
        || List.of(p.split("/")).stream().anyMatch(s -> s.equals("..") || s.equals(".git") || s.isEmpty());
    if (bad) problems.add(at + ": '" + path + "' must be a relative path inside the folder, without '..' or .git");
  }
}
