package dev.kubelab.runner;

import static dev.kubelab.runner.RunResultAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.runner.render.Ansi;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 'explain' and 'map' answer from the course's glossary and never open the cluster. */
class GlossaryCommandsTest {
  /** The course as it is in the repository: the runner's tests run in runner/. */
  static final Path COURSE = Path.of("..", "content", "course").toAbsolutePath().normalize();

  @TempDir
  Path tmp;

  TestKubelab kubelab;

  @BeforeEach
  void setUp() {
    kubelab = new TestKubelab(tmp.resolve("home"), null);
    kubelab.clusters = () -> {
      throw KubelabException.environment("no container engine found", "start Docker or Podman, or use --kubeconfig");
    };
    kubelab.content = COURSE;
  }

  @Test
  void explainGivesTheCounterpartTheCaveatTheKubectlAndTheLabs() {
    assertThat(kubelab.run("explain", "DRS")).exitedWith(0).openedNoCluster()
        .outContains("DRS  →  kube-scheduler", "(compute)", "also: Distributed Resource Scheduler",
            "Where the analogy breaks:", "See it on your cluster:", "kubectl get pods -A -o wide",
            "Practise it:", "mapping/everyday-objects", "Translate the everyday objects")
        .outDoesNotContain("counterpart in");
  }

  @Test
  void severalWordsAreOneTermAndKubernetesTermsLeadBack() {
    assertThat(kubelab.run("explain", "storage", "policy")).exitedWith(0).outContains("storage policy  →  StorageClass",
        "storage/storage-classes");
    assertThat(kubelab.run("explain", "networkpolicies")).exitedWith(0).outContains("NSX micro-segmentation  →  NetworkPolicy");
    assertThat(kubelab.run("explain", "vDefend")).exitedWith(0).outContains("NetworkPolicy", "allow-lists only");
    assertThat(kubelab.run("explain", "retain")).exitedWith(0).outContains("is the counterpart in 2 entries", "the 6 Rs",
        "delete from disk");
  }

  @Test
  void aTypoFindsTheNearestEntryAndSaysSo() {
    assertThat(kubelab.run("explain", "vmotoin")).exitedWith(0).outContains("(nearest entry for 'vmotoin')", "vMotion  →");
  }

  @Test
  void anUnknownOrAmbiguousTermIsBadInputWithSuggestions() {
    assertThat(kubelab.run("explain", "NSX")).exitedWith(2).openedNoCluster()
        .errContains("error: no glossary entry for 'NSX'", "hint: did you mean", "'NSX segment'");
    assertThat(kubelab.run("explain", "xylophone", "quartet")).exitedWith(2)
        .errContains("error: no glossary entry for 'xylophone quartet'", "hint: 'map' lists every term");
    assertThat(kubelab.run("explain")).exitedWith(2).errContains("Missing required parameter");
  }

  @Test
  void aCourseWithoutAGlossarySaysWhatIsMissing() {
    kubelab.content = TestKubelab.resource("testcourse");
    assertThat(kubelab.run("explain", "DRS")).exitedWith(2).errContains("has no glossary.yaml", "hint:");
  }

  @Test
  void aBrokenGlossaryNamesFileLineAndField() throws Exception {
    Path course = tmp.resolve("course");
    copy(TestKubelab.resource("testcourse"), course);
    Files.writeString(course.resolve("glossary.yaml"), """
        entries:
          - vmware: DRS
            kubernetes: scheduler
            layer: compute
            means: Places pods.
            breaks: Once.
            labs: [basics/confg]
        """);
    kubelab.content = course;
    assertThat(kubelab.run("map")).exitedWith(2)
        .errContains("glossary.yaml:7: entries[0].labs[0]: no lab 'basics/confg' in the course (did you mean 'basics/config'?)");
  }

  @Test
  void mapPrintsEveryLayerWithLabsWithinAHundredColumnsAndPlainWhenNotATerminal() {
    RunResult r = kubelab.run("map");
    assertThat(r).exitedWith(0).openedNoCluster()
        .outContains("MANAGEMENT", "COMPUTE", "STORAGE", "NETWORKING", "SECURITY", "OPERATIONS", "vCenter Server",
            "the control plane (API server", "mapping/control-plane", "storage policy", "StorageClass",
            "'explain TERM'");
    assertThat(r.out()).doesNotContain("\u001b[");
    assertThat(r.out().lines()).allMatch(l -> l.length() <= 100, "fits 100 columns");
    assertThat(r.out().indexOf("MANAGEMENT")).isLessThan(r.out().indexOf("COMPUTE"));
    assertThat(r.out().indexOf("NETWORKING")).isLessThan(r.out().indexOf("SECURITY"));
    kubelab.console = true;
    RunResult coloured = kubelab.run("map");
    assertThat(coloured.out()).contains("\u001b[1m");
    assertThat(coloured.out().lines()).allMatch(l -> Ansi.visibleLength(l) <= 100);
  }

  @Test
  void mapShowsOneLayerOnRequest() {
    RunResult r = kubelab.run("map", "storage");
    assertThat(r).exitedWith(0).outContains("STORAGE", "vSAN", "VAAI and VASA").outDoesNotContain("NETWORKING");
    assertThat(kubelab.run("map", "hypervisors")).exitedWith(2)
        .errContains("error: no layer 'hypervisors'", "hint: the layers are management, compute");
  }

  @Test
  void helpListsBothCommands() {
    assertThat(kubelab.run("--help")).exitedWith(0).outContains("explain", "map");
    assertThat(kubelab.run("explain", "--help")).exitedWith(0).outContains("Usage: kubelab explain", "TERM");
  }

  private static void copy(Path from, Path to) throws Exception {
    try (var files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) Files.createDirectories(target);
        else Files.copy(f, target);
      }
    }
  }

  @Test
  void validateChecksTheGlossaryToo() throws Exception {
    assertThat(kubelab.run("validate")).exitedWith(0).openedNoCluster().outContains(", a glossary of", ", 2 exams");
    Path copy = copyCourse("course");
    Path glossary = copy.resolve("glossary.yaml");
    String text = java.nio.file.Files.readString(glossary);
    int at = text.indexOf("storage/dynamic-provisioning");
    java.nio.file.Files.writeString(glossary, text.substring(0, at) + "storage/no-such-lab" + text.substring(at + "storage/dynamic-provisioning".length()));
    kubelab.content = copy;
    assertThat(kubelab.run("validate")).exitedWith(2).openedNoCluster().outContains("glossary.yaml:", "no-such-lab");
  }

  @Test
  void validateChecksTheExamsToo() throws Exception {
    Path copy = copyCourse("course-exams");
    Path practice = copy.resolve("exams/practice.yaml");
    java.nio.file.Files.writeString(practice, java.nio.file.Files.readString(practice)
        .replaceFirst("exercise: [a-z-]+", "exercise: no-such-exercise"));
    kubelab.content = copy;
    assertThat(kubelab.run("validate")).exitedWith(2).openedNoCluster().outContains("practice.yaml:", "no-such-exercise");
  }

  private Path copyCourse(String name) throws java.io.IOException {
    Path copy = tmp.resolve(name);
    try (var files = java.nio.file.Files.walk(COURSE)) {
      for (Path f : files.toList()) {
        Path to = copy.resolve(COURSE.relativize(f).toString());
        if (java.nio.file.Files.isDirectory(f)) java.nio.file.Files.createDirectories(to);
        else java.nio.file.Files.copy(f, to);
      }
    }
    return copy;
  }
}
