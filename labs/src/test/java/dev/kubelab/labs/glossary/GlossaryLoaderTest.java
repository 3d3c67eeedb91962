package dev.kubelab.labs.glossary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.labs.content.ContentSource;
import dev.kubelab.labs.content.Problems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GlossaryLoaderTest {
  static final Set<String> LABS = Set.of("mapping/control-plane", "storage/storage-classes");

  static final String VALID = """
      entries:
        - vmware: DRS
          aliases: [Distributed Resource Scheduler]
          kubernetes: kube-scheduler plus the Descheduler
          kubernetesTerms: [scheduler, kube-scheduler]
          layer: compute
          means: Places pods.
          breaks: Places once.
          kubectl: [kubectl get pods -o wide]
          labs: [mapping/control-plane]
        - vmware: storage policy
          aliases: [SPBM]
          kubernetes: StorageClass
          layer: storage
          means: A tier.
          breaks: No compliance check.
          labs: [storage/storage-classes]
      """;

  @Test
  void loadsEntriesWithEveryField() {
    Problems problems = new Problems();
    Glossary g = GlossaryLoader.read(VALID, LABS, problems);
    assertThat(problems.all()).isEmpty();
    assertThat(g.entries()).hasSize(2);
    GlossaryEntry drs = g.entries().get(0);
    assertThat(drs.layer()).isEqualTo(Layer.COMPUTE);
    assertThat(drs.aliases()).containsExactly("Distributed Resource Scheduler");
    assertThat(drs.kubectl()).containsExactly("kubectl get pods -o wide");
    assertThat(drs.labs()).containsExactly("mapping/control-plane");
    assertThat(drs.where()).isEqualTo("glossary.yaml:2");
    assertThat(g.layer(Layer.STORAGE)).extracting(GlossaryEntry::vmware).containsExactly("storage policy");
  }

  @Test
  void reportsEveryProblemWithFileLineAndField() {
    String broken = """
        entries:
          - vmware: DRS
            layer: compute
            means: Places pods.
            breaks: Places once.
            labs: [mapping/control-plan, nowhere/at-all]
          - vmware: vMotion
            aliases: [live migration, Live-Migration]
            kubernetes: no live migration of pods
            layer: compte
            means: ""
            breaks: Pods restart.
            kubctl: [kubectl get pods]
          - vmware: drs
            kubernetes: scheduler
            layer: compute
            means: Again.
            breaks: Again.
        """;
    Problems problems = new Problems();
    GlossaryLoader.read(broken, LABS, problems);
    assertThat(problems.all()).contains(
        "glossary.yaml:2: entries[0].kubernetes: is required: the Kubernetes side",
        "glossary.yaml:6: entries[0].labs[0]: no lab 'mapping/control-plan' in the course (did you mean 'mapping/control-plane'?)",
        "glossary.yaml:6: entries[0].labs[1]: no lab 'nowhere/at-all' in the course",
        "glossary.yaml:8: entries[1].aliases[1]: 'Live-Migration' is already a name of this entry",
        "glossary.yaml:10: entries[1].layer: unknown layer 'compte'; one of [management, compute, storage, networking, security, operations]",
        "glossary.yaml:11: entries[1].means: is empty: give what the counterpart is",
        "glossary.yaml:13: entries[1].kubctl: unknown field (did you mean 'kubectl'?)");
    assertThat(problems.all()).anyMatch(p -> p.startsWith("glossary.yaml:14: entries[2].vmware: 'drs' is already a VMware name of the entry at glossary.yaml:2"));
    assertThat(problems.all()).hasSize(8);
  }

  @Test
  void notAListAndNotYamlAreProblemsToo() {
    Problems problems = new Problems();
    GlossaryLoader.read("entries: {}\n", LABS, problems);
    assertThat(problems.all()).containsExactly("glossary.yaml:1: entries: must be a list of entries");
    Problems syntax = new Problems();
    GlossaryLoader.read("entries: [\n", LABS, syntax);
    assertThat(syntax.all()).singleElement().asString().startsWith("glossary.yaml:2: not valid YAML");
  }

  @Test
  void loadFailsWithEveryProblemOrWhenTheFileIsMissing(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> GlossaryLoader.load(ContentSource.directory(dir), LABS))
        .isInstanceOfSatisfying(KubelabException.class, e -> {
          assertThat(e.exitCode()).isEqualTo(KubelabException.USAGE);
          assertThat(e.getMessage()).contains("has no glossary.yaml");
        });
    Files.writeString(dir.resolve("glossary.yaml"), "entries:\n  - vmware: DRS\n");
    assertThatThrownBy(() -> GlossaryLoader.load(ContentSource.directory(dir), LABS))
        .isInstanceOfSatisfying(KubelabException.class, e -> assertThat(e.getMessage())
            .contains("the glossary in " + dir + " has 4 problems", "entries[0].layer: is required"));
    Files.writeString(dir.resolve("glossary.yaml"), VALID);
    assertThat(GlossaryLoader.load(ContentSource.directory(dir), LABS).entries()).hasSize(2);
  }
}
