package dev.kubelab.labs.gitops;

import dev.kubelab.labs.api.KubelabException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.dircache.DirCacheCheckout;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.merge.MergeStrategy;
import org.eclipse.jgit.merge.ThreeWayMerger;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * A learner's Git repository for one lab, a normal working repository on branch {@code main}
 * under kubelab's home. kubelab creates it at lab start and moves it aside at reset; in between
 * the learner edits and commits with their own git, and Flux fetches the tip of main.
 */
public final class LabRepository {
  public static final String BRANCH = "main";
  private static final String MAIN = Constants.R_HEADS + BRANCH;

  private final Path dir;

  public LabRepository(Path dir) {
    this.dir = dir;
  }

  /** The repository of a lab placed in a namespace: {@code <home>/gitops/<namespace>}. */
  public static LabRepository of(Path home, String namespace) {
    return new LabRepository(root(home).resolve(namespace));
  }

  /** Where every lab's repository lives (and what kubelab's Git server serves). */
  public static Path root(Path home) {
    return home.resolve("gitops");
  }

  public Path dir() {
    return dir;
  }

  public boolean exists() {
    return Files.isDirectory(dir.resolve(".git"));
  }

  /** A commit: its full id and the first line of its message. */
  public record Commit(String id, String subject) {}

  /**
   * Creates the repository on branch main and applies the steps (the lab's starting commits).
   * {@code labFile} renders a file of the lab's folder.
   */
  public void create(RepoSteps steps, UnaryOperator<String> labFile) {
    try {
      Files.createDirectories(dir);
      try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch(BRANCH).call()) {
        // the learner's global commit.gpgSign would make every commit in a lab ask for a key
        var config = git.getRepository().getConfig();
        config.setBoolean("commit", null, "gpgSign", false);
        config.save();
      }
    } catch (IOException | GitAPIException e) {
      throw failure("create the lab's Git repository in " + dir, e);
    }
    apply(steps, labFile, m -> {});
  }

  /**
   * Moves the repository into {@code <home>/gitops-old/} under a dated name and returns where it
   * went; the learner's work is kept, never deleted.
   */
  public Optional<Path> moveAside(Path home) {
    if (!Files.exists(dir)) return Optional.empty();
    Path attic = home.resolve("gitops-old");
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Path target = attic.resolve(dir.getFileName() + "-" + stamp);
    for (int i = 2; Files.exists(target); i++) target = attic.resolve(dir.getFileName() + "-" + stamp + "-" + i);
    try {
      Files.createDirectories(attic);
      try {
        Files.move(dir, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(dir, target);
      }
      return Optional.of(target);
    } catch (IOException e) {
      throw failure("move the lab's old Git repository " + dir + " aside to " + target
          + " (close any program that has files of it open)", e);
    }
  }

  /** Applies steps on branch main, as kubelab's own commits; steps that change the cluster are not this class's. */
  public void apply(RepoSteps steps, UnaryOperator<String> labFile, Consumer<String> progress) {
    try (Git git = open()) {
      String branch = git.getRepository().getBranch();
      if (!BRANCH.equals(branch)) {
        throw KubelabException.usage("your lab repository " + dir + " is on branch '" + branch + "', and Flux follows main",
            "switch back with 'git -C " + dir + " switch main', then try again");
      }
      for (RepoSteps.Step step : steps.steps()) {
        if (step instanceof RepoSteps.Write w) {
          for (Map.Entry<String, String> f : w.files().entrySet()) {
            Path file = dir.resolve(f.getKey()).normalize();
            Files.createDirectories(file.getParent());
            Files.writeString(file, labFile.apply(f.getValue()), StandardCharsets.UTF_8);
            git.add().addFilepattern(f.getKey()).call();
            progress.accept("wrote " + f.getKey());
          }
        } else if (step instanceof RepoSteps.Delete d) {
          for (String p : d.paths()) {
            git.rm().addFilepattern(p).call();
            Files.deleteIfExists(dir.resolve(p));
            progress.accept("deleted " + p);
          }
        } else if (step instanceof RepoSteps.Revert || step instanceof RepoSteps.Commit) {
          RevCommit made = step instanceof RepoSteps.Revert r ? revert(git, r.back()) : commit(git, ((RepoSteps.Commit) step).message());
          progress.accept("committed " + made.abbreviate(7).name() + " " + made.getShortMessage());
        }
      }
    } catch (IOException | GitAPIException e) {
      throw failure("change the lab's Git repository " + dir, e);
    }
  }

  private static RevCommit commit(Git git, String message) throws GitAPIException {
    PersonIdent kubelab = new PersonIdent("kubelab", "kubelab@localhost");
    // noVerify: a global core.hooksPath of the learner's must not rewrite kubelab's commits
    return git.commit().setMessage(message).setAuthor(kubelab).setCommitter(kubelab).setSign(false).setNoVerify(true)
        .setAllowEmpty(true).call();
  }

  /** What 'git revert --no-edit' does: undo one commit's changes in a new commit on top. */
  private RevCommit revert(Git git, int back) throws IOException, GitAPIException {
    Repository repo = git.getRepository();
    try (RevWalk walk = new RevWalk(repo)) {
      ObjectId tipId = repo.resolve(MAIN);
      ObjectId targetId = repo.resolve(MAIN + "~" + back);
      if (tipId == null || targetId == null) {
        throw KubelabException.usage("there is no commit HEAD~" + back + " to revert in " + dir, "see 'git log' in the repository");
      }
      RevCommit tip = walk.parseCommit(tipId);
      RevCommit target = walk.parseCommit(targetId);
      if (target.getParentCount() != 1) {
        throw KubelabException.usage("commit " + target.abbreviate(7).name() + " in " + dir
            + " is the first commit or a merge, which kubelab does not revert", "revert it with your own git");
      }
      RevCommit parent = walk.parseCommit(target.getParent(0));
      ThreeWayMerger merger = MergeStrategy.RECURSIVE.newMerger(repo, true);
      merger.setBase(target.getTree());
      if (!merger.merge(tip, parent)) {
        throw KubelabException.usage("reverting " + target.abbreviate(7).name() + " in " + dir + " conflicts with later commits",
            "revert it with your own git and resolve the conflict");
      }
      DirCacheCheckout checkout = new DirCacheCheckout(repo, tip.getTree(), repo.lockDirCache(), merger.getResultTreeId());
      checkout.setFailOnConflict(true);
      checkout.checkout();
      return commit(git, "Revert \"" + target.getShortMessage() + "\"\n\nThis reverts commit " + target.name() + ".\n");
    }
  }

  /** The commit at the tip of main, which Flux fetches; empty before the first commit. */
  public Optional<Commit> tip() {
    List<Commit> h = history(1);
    return h.isEmpty() ? Optional.empty() : Optional.of(h.get(0));
  }

  /** Up to {@code max} commits of main, newest first, following first parents. */
  public List<Commit> history(int max) {
    if (!exists()) return List.of();
    try (Git git = open(); RevWalk walk = new RevWalk(git.getRepository())) {
      ObjectId tip = git.getRepository().resolve(MAIN);
      if (tip == null) return List.of();
      walk.setFirstParent(true);
      walk.markStart(walk.parseCommit(tip));
      List<Commit> out = new ArrayList<>();
      for (RevCommit c : walk) {
        if (out.size() >= max) break;
        out.add(new Commit(c.name(), c.getShortMessage()));
      }
      return out;
    } catch (IOException e) {
      throw failure("read the lab's Git repository " + dir, e);
    }
  }

  /** A file's text as committed at the tip of main; empty when main has no such file. */
  public Optional<String> fileAtTip(String path) {
    if (!exists()) return Optional.empty();
    try (Git git = open(); RevWalk walk = new RevWalk(git.getRepository())) {
      Repository repo = git.getRepository();
      ObjectId tip = repo.resolve(MAIN);
      if (tip == null) return Optional.empty();
      try (TreeWalk tw = TreeWalk.forPath(repo, path.replace('\\', '/'), walk.parseCommit(tip).getTree())) {
        if (tw == null || tw.isSubtree()) return Optional.empty();
        return Optional.of(new String(repo.open(tw.getObjectId(0)).getBytes(), StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw failure("read " + path + " in the lab's Git repository " + dir, e);
    }
  }

  /** Files changed in the working folder but not committed (what 'git status' lists), sorted. */
  public List<String> uncommitted() {
    if (!exists()) return List.of();
    try (Git git = open()) {
      Status s = git.status().call();
      TreeSet<String> out = new TreeSet<>();
      out.addAll(s.getAdded());
      out.addAll(s.getChanged());
      out.addAll(s.getModified());
      out.addAll(s.getRemoved());
      out.addAll(s.getMissing());
      out.addAll(s.getUntracked());
      return List.copyOf(out);
    } catch (IOException | GitAPIException e) {
      throw failure("read the status of the lab's Git repository " + dir, e);
    }
  }

  private Git open() throws IOException {
    if (!exists()) {
      throw KubelabException.usage("there is no lab Git repository in " + dir, "start (or reset) the lab to create it");
    }
    return Git.open(dir.toFile());
  }

  private static KubelabException failure(String doing, Exception e) {
    if (e.getCause() instanceof KubelabException k) return k;
    return KubelabException.environment("cannot " + doing + ": " + e.getMessage(),
        "check the permissions and free space of kubelab's home (--home)", e);
  }
}
