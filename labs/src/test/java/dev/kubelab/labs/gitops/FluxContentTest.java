package dev.kubelab.labs.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelab.labs.addon.AddonContext;
import dev.kubelab.labs.api.CheckSpec;
import dev.kubelab.labs.api.Course;
import dev.kubelab.labs.api.Exercise;
import dev.kubelab.labs.api.Lab;
import dev.kubelab.labs.api.Placement;
import dev.kubelab.labs.check.Check;
import dev.kubelab.labs.check.CheckKinds;
import dev.kubelab.labs.check.Outcome;
import dev.kubelab.labs.content.ContentSource;
import dev.kubelab.labs.content.CourseLoader;
import dev.kubelab.labs.content.Model;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The course's GitOps labs, on the Git side only (what the mock self-test cannot see): every
 * lab's starting repository renders and commits, every file kubelab commits is valid YAML, and
 * after each exercise's reference solution (with the earlier ones, as a learner does them) the
 * exercise's checks of the repository pass; most failed just before it.
 */
class FluxContentTest {
  static final Path COURSE = Path.of("../content/course");
  @TempDir Path home;

  @TestFactory
  Stream<DynamicTest> everyGitOpsLabWorksOnARealRepository() {
    if (!Files.isDirectory(COURSE.resolve("chapters/gitops"))) return Stream.empty();
    CourseLoader loader = new CourseLoader(ContentSource.directory(COURSE), CheckKinds.builtIn());
    Course course = loader.load();
    List<Lab> labs = course.labs().stream().filter(l -> l.requires().addons().contains(FluxAddon.ID)).toList();
    assertThat(labs).hasSizeGreaterThanOrEqualTo(3);
    return labs.stream().map(lab -> DynamicTest.dynamicTest(lab.id(), () -> {
      FluxAddon flux = new FluxAddon(ContentSource.directory(COURSE), URI.create("http://127.0.0.1:9/"), new GitAccess(Optional.empty()));
      Placement placement = Placement.standard(lab);
      AddonContext ctx = new AddonContext(null, home, m -> {});
      Map<String, Object> base = Model.of(lab, placement, course.images(), List.of("k3s-server", "k3s-agent-1", "k3s-agent-2"));
      LabRepository repo = LabRepository.of(home, placement.main());
      repo.create(flux.startingSteps(lab), flux.renderer(lab, model(flux, ctx, lab, base)));
      assertThat(repo.history(10)).as(lab.id() + " starts with commits").isNotEmpty();
      assertCommittedYamlParses(repo);

      for (Exercise e : lab.exercises()) {
        List<CheckSpec> gitChecks = e.checks().stream().filter(c -> GitRepoCheck.class.getName().equals(c.fields().get("class"))).toList();
        boolean before = gitChecks.stream().allMatch(c -> evaluate(loader, c, model(flux, ctx, lab, base)).passed());
        Object steps = e.solution().addon().get(FluxAddon.ID);
        if (steps != null) repo.apply(RepoSteps.parse(steps).inRepository(), flux.renderer(lab, model(flux, ctx, lab, base)), m -> {});
        assertCommittedYamlParses(repo);
        for (CheckSpec c : gitChecks) {
          Outcome o = evaluate(loader, c, model(flux, ctx, lab, base));
          assertThat(o.passed()).as(lab.id() + "/" + e.id() + "/" + c.id() + ": " + o.detail()).isTrue();
        }
        if (!before) turnedByASolution++;
      }
    }));
  }

  /** Repository checks that failed before an exercise's solution and passed after it: they can fail. */
  static int turnedByASolution;

  @org.junit.jupiter.api.AfterAll
  static void repositoryChecksCanFail() {
    if (Files.isDirectory(COURSE.resolve("chapters/gitops"))) assertThat(turnedByASolution).isGreaterThanOrEqualTo(3);
  }

  static Map<String, Object> model(FluxAddon flux, AddonContext ctx, Lab lab, Map<String, Object> base) {
    Map<String, Object> m = new HashMap<>(base);
    m.put(FluxAddon.ID, flux.model(ctx, lab, base));
    return m;
  }

  void assertCommittedYamlParses(LabRepository repo) throws Exception {
    try (var files = Files.walk(repo.dir())) {
      for (Path f : files.filter(p -> !p.toString().contains("/.git/") && p.toString().endsWith(".yaml")).toList()) {
        String rel = repo.dir().relativize(f).toString().replace('\\', '/');
        String committed = repo.fileAtTip(rel).orElse(null);
        if (committed == null) continue;
        List<Object> docs = new ArrayList<>();
        new Yaml().loadAll(committed).forEach(docs::add);
        assertThat(docs).as(rel + " in " + repo.dir()).isNotEmpty().allSatisfy(d -> assertThat(d).isInstanceOf(Map.class));
      }
    }
  }

  static Outcome evaluate(CourseLoader loader, CheckSpec spec, Map<String, Object> model) {
    List<String> problems = new ArrayList<>();
    Check check = CheckKinds.builtIn().bind(spec, v -> loader.templates().renderString(v, model), problems);
    assertThat(problems).as(spec.where()).isEmpty();
    return check.evaluate(RepositoryOnlyContext.REAL);
  }
}
