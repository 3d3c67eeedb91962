package dev.kubelab.labs.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelab.labs.api.CheckSpec;
import dev.kubelab.labs.check.Check;
import dev.kubelab.labs.check.CheckKinds;
import dev.kubelab.labs.check.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The repository check as content names it: kind custom, class GitRepoCheck. */
class GitRepoCheckTest {
  @TempDir Path home;

  Check bind(Map<String, Object> fields, List<String> problems) {
    Map<String, Object> f = new HashMap<>(fields);
    f.put("class", GitRepoCheck.class.getName());
    return CheckKinds.builtIn().bind(new CheckSpec("git", "custom", 1, null, null, f, "test"), v -> v, problems);
  }

  Outcome run(Map<String, Object> fields, boolean realCluster) {
    List<String> problems = new ArrayList<>();
    Check c = bind(fields, problems);
    assertThat(problems).isEmpty();
    return c.evaluate(realCluster ? RepositoryOnlyContext.REAL : RepositoryOnlyContext.MOCK);
  }

  @Test
  void gradesTheTipHistoryAndCommittedFilesAndSaysWhatIsNotCommittedYet() throws Exception {
    LabRepository repo = LabRepository.of(home, "kl-x");
    repo.create(RepoSteps.parse(List.of(Map.of("write", Map.of("apps/web.yaml", "a")), Map.of("commit", "Add web"),
        Map.of("write", Map.of("apps/web.yaml", "b")), Map.of("commit", "Break web"), Map.of("revert", "HEAD"))),
        f -> f.equals("a") ? "replicas: 2\n" : "replicas: 0\n");
    String dir = repo.dir().toString();
    assertThat(run(Map.of("repo", dir, "subject", "^Revert \"Break web\"", "history", "^Break web$", "commits", "3"), true).passed()).isTrue();
    assertThat(run(Map.of("repo", dir, "file", "apps/web.yaml", "fileMatches", "replicas:\\s*2\\b"), true).passed()).isTrue();

    Files.writeString(repo.dir().resolve("apps/web.yaml"), "replicas: 3\n");
    Outcome o = run(Map.of("repo", dir, "file", "apps/web.yaml", "fileMatches", "replicas:\\s*3\\b"), true);
    assertThat(o.passed()).isFalse();
    assertThat(o.detail()).contains("as committed to match").contains("not committed yet: apps/web.yaml").contains("Flux only sees commits");
    assertThat(run(Map.of("repo", dir, "commits", "1"), true).detail()).contains("expected 1 commit(s) on main, found 3");
  }

  @Test
  void isSkippedWithoutARealClusterAndFailsWithoutARepository() {
    assertThat(run(Map.of("repo", home.resolve("none").toString(), "commits", "1"), false).skipped()).isTrue();
    Outcome o = run(Map.of("repo", home.resolve("none").toString(), "commits", "1"), true);
    assertThat(o.passed()).isFalse();
    assertThat(o.detail()).contains("start (or reset) the lab");
  }

  @Test
  void malformedFieldsAreContentProblems() {
    List<String> problems = new ArrayList<>();
    bind(Map.of("repo", "/x", "file", "a.yaml"), problems);
    bind(Map.of("repo", "/x", "fileMatches", "("), problems);
    bind(Map.of("repo", "/x"), problems);
    assertThat(problems).anyMatch(p -> p.contains("file: needs fileMatches or fileNotMatches"))
        .anyMatch(p -> p.contains("fileMatches: not a valid regular expression"))
        .anyMatch(p -> p.contains("say what to check"));
  }
}
