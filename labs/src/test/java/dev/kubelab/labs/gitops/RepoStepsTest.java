package dev.kubelab.labs.gitops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelab.labs.api.KubelabException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The add-on's step format: validated when content loads, applied to a real repository. */
class RepoStepsTest {
  @TempDir Path home;

  @Test
  void wellFormedStepsHaveNoProblems() {
    assertThat(RepoSteps.problems(List.of(Map.of("write", Map.of("apps/web.yaml", "solution/web.yaml")), Map.of("commit", "Add web"),
        Map.of("revert", "HEAD"), Map.of("revert", "HEAD~2"), Map.of("delete", List.of("apps/old.yaml")), Map.of("commit", "Drop old"))))
        .isEmpty();
    RepoSteps s = RepoSteps.parse(List.of(Map.of("revert", "HEAD^^"), Map.of("scale", Map.of("deployment", "web", "replicas", "5"))));
    assertThat(s.steps()).containsExactly(new RepoSteps.Revert(2), new RepoSteps.Scale("web", 5));
    assertThat(s.inRepository().steps()).containsExactly(new RepoSteps.Revert(2));
  }

  @Test
  void malformedStepsAreReportedEachWithWhereAndWhat() {
    assertThat(RepoSteps.problems("commit: x")).singleElement().asString().contains("must be a list of steps");
    assertThat(RepoSteps.problems(List.of())).singleElement().asString().contains("must be a list of steps");
    List<String> p = RepoSteps.problems(List.of(
        Map.of("push", "origin"),
        Map.of("write", "web.yaml"),
        Map.of("write", Map.of("../outside.yaml", "web.yaml")),
        Map.of("write", Map.of(".git/config", "/etc/passwd")),
        Map.of("commit", " "),
        Map.of("revert", "main~1"),
        Map.of("commit", "ok", "revert", "HEAD"),
        Map.of("delete", List.of("apps/web.yaml"))));
    assertThat(p).anyMatch(m -> m.startsWith("[0]: unknown step 'push'"))
        .anyMatch(m -> m.startsWith("[1].write: must map repository paths"))
        .anyMatch(m -> m.startsWith("[2].write.../outside.yaml") && m.contains("relative path"))
        .anyMatch(m -> m.startsWith("[3].write..git/config: '.git/config'"))
        .anyMatch(m -> m.startsWith("[3].write..git/config: '/etc/passwd'"))
        .anyMatch(m -> m.startsWith("[4].commit: must be the commit message"))
        .anyMatch(m -> m.startsWith("[5].revert: must be HEAD"))
        .anyMatch(m -> m.startsWith("[6]: each step is a mapping with one key"))
        .anyMatch(m -> m.startsWith("a write or delete is never committed"));
    assertThat(RepoSteps.problems(List.of(Map.of("scale", Map.of("deployment", "web"))))).singleElement().asString()
        .contains("[0].scale: must be {deployment: NAME, replicas: N}");
    assertThat(RepoSteps.problems(List.of(Map.of("write", Map.of("a.yaml", "a")), Map.of("scale", Map.of("deployment", "web", "replicas", "5")))))
        .singleElement().asString().contains("never committed");
    assertThatThrownBy(() -> RepoSteps.parse(List.of(Map.of("commit", "")))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void stepsWriteCommitRevertAndDeleteOnMain() throws Exception {
    LabRepository repo = LabRepository.of(home, "kl-gitops-steps");
    repo.create(RepoSteps.parse(List.of(Map.of("write", Map.of("README.md", "readme")), Map.of("commit", "Start the lab"))),
        f -> "# " + f + "\n");
    assertThat(repo.history(10)).extracting(LabRepository.Commit::subject).containsExactly("Start the lab");
    assertThat(repo.tip().orElseThrow().id()).hasSize(40);

    repo.apply(RepoSteps.parse(List.of(Map.of("write", Map.of("apps/web.yaml", "good")), Map.of("commit", "Add web"),
        Map.of("write", Map.of("apps/web.yaml", "bad")), Map.of("commit", "Break web"))), f -> "image: " + f + "\n", m -> {});
    assertThat(repo.fileAtTip("apps/web.yaml")).contains("image: bad\n");
    String broken = repo.tip().orElseThrow().id();

    repo.apply(RepoSteps.parse(List.of(Map.of("revert", "HEAD"))), f -> "", m -> {});
    assertThat(repo.tip().orElseThrow().subject()).isEqualTo("Revert \"Break web\"");
    assertThat(repo.fileAtTip("apps/web.yaml")).contains("image: good\n");
    assertThat(Files.readString(repo.dir().resolve("apps/web.yaml"))).isEqualTo("image: good\n");
    assertThat(repo.history(10)).extracting(LabRepository.Commit::id).contains(broken);
    assertThat(repo.uncommitted()).isEmpty();

    repo.apply(RepoSteps.parse(List.of(Map.of("delete", "apps/web.yaml"), Map.of("commit", "Remove web"))), f -> "", m -> {});
    assertThat(repo.fileAtTip("apps/web.yaml")).isEmpty();
    assertThat(repo.dir().resolve("apps/web.yaml")).doesNotExist();
    assertThat(repo.history(10)).extracting(LabRepository.Commit::subject)
        .containsExactly("Remove web", "Revert \"Break web\"", "Break web", "Add web", "Start the lab");
  }

  @Test
  void uncommittedChangesAreListedAndAnotherBranchIsRefused() throws Exception {
    LabRepository repo = LabRepository.of(home, "kl-gitops-branch");
    repo.create(RepoSteps.parse(List.of(Map.of("write", Map.of("a.yaml", "a")), Map.of("commit", "Start"))), f -> "a: 1\n");
    Files.writeString(repo.dir().resolve("a.yaml"), "a: 2\n");
    assertThat(repo.uncommitted()).containsExactly("a.yaml");
    try (var git = org.eclipse.jgit.api.Git.open(repo.dir().toFile())) {
      git.checkout().setCreateBranch(true).setName("feature").setForced(true).call();
    }
    assertThatThrownBy(() -> repo.apply(RepoSteps.parse(List.of(Map.of("commit", "x"))), f -> "", m -> {}))
        .isInstanceOf(KubelabException.class).hasMessageContaining("on branch 'feature'");
  }

  @Test
  void resetKeepsTheOldRepositoryAside() {
    LabRepository repo = LabRepository.of(home, "kl-gitops-aside");
    repo.create(RepoSteps.parse(List.of(Map.of("write", Map.of("a.yaml", "a")), Map.of("commit", "Start"))), f -> "a: 1\n");
    Path aside = repo.moveAside(home).orElseThrow();
    assertThat(repo.exists()).isFalse();
    assertThat(aside).startsWith(home.resolve("gitops-old")).isDirectory();
    assertThat(new LabRepository(aside).tip().orElseThrow().subject()).isEqualTo("Start");
    assertThat(repo.moveAside(home)).isEmpty();
  }
}
