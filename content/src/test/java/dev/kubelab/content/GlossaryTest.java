package dev.kubelab.content;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelab.labs.api.Course;
import dev.kubelab.labs.api.Lab;
import dev.kubelab.labs.check.CheckKinds;
import dev.kubelab.labs.cluster.ClusterOptions;
import dev.kubelab.labs.content.ContentSource;
import dev.kubelab.labs.content.CourseLoader;
import dev.kubelab.labs.glossary.Glossary;
import dev.kubelab.labs.glossary.GlossaryEntry;
import dev.kubelab.labs.glossary.GlossaryLoader;
import dev.kubelab.labs.glossary.Layer;
import dev.kubelab.labs.glossary.Lookup;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The packaged glossary loads against the packaged course and covers the book's chapter 3 map. */
class GlossaryTest {
  static Course course;
  static Glossary glossary;

  @BeforeAll
  static void load() {
    course = new CourseLoader(ContentSource.classpath(), CheckKinds.builtIn()).load(false);
    glossary = GlossaryLoader.load(ContentSource.classpath(), course.labs().stream().map(Lab::id).collect(Collectors.toSet()));
  }

  @Test
  void everyEntryHasBothSidesALayerAndLabsThatExist() {
    assertThat(glossary.entries()).hasSizeGreaterThanOrEqualTo(60);
    for (GlossaryEntry e : glossary.entries()) {
      assertThat(e.vmware()).as(e.where()).isNotBlank();
      assertThat(e.kubernetes()).as(e.where()).isNotBlank();
      assertThat(e.means()).as(e.where()).isNotBlank();
      assertThat(e.breaks()).as(e.where()).isNotBlank();
      e.labs().forEach(id -> assertThat(course.lab(id)).as(e.where() + " links " + id).isPresent());
    }
    for (Layer layer : Layer.values()) assertThat(glossary.layer(layer)).as(layer.id()).isNotEmpty();
  }

  @Test
  void everyLabAnEntryNamesTeachesTheTerm() {
    java.util.List<String> wrong = new java.util.ArrayList<>();
    for (GlossaryEntry e : glossary.entries()) {
      java.util.regex.Pattern names = Glossary.mentions(e);
      for (String id : e.labs()) {
        if (!names.matcher(text(course.requireLab(id))).find()) wrong.add(e.where() + ": " + e.vmware() + " -> " + id);
      }
    }
    assertThat(wrong).as("a lab an entry names must mention the term or an alias (in its lab.yaml or its Markdown)").isEmpty();
  }

  @Test
  void labsThatMapATermAreLinkedToIt() {
    Glossary linked = glossary.linkedTo(course);
    java.util.function.Function<String, java.util.List<String>> labs = term -> linked.lookup(term).entries().get(0).labs();
    assertThat(labs.apply("DRS")).contains("compute/drs-rules");
    assertThat(labs.apply("maintenance mode")).contains("day2/maintenance-mode");
    assertThat(labs.apply("vMotion")).contains("day2/maintenance-mode");
    assertThat(labs.apply("reservations")).contains("compute/workloads");
    // what the entry names comes first
    assertThat(labs.apply("DRS").get(0)).isEqualTo(exact("DRS").labs().get(0));
  }

  /** What a lab says: its lab.yaml (VMware lines, hints, explanations) and its Markdown. */
  private static String text(Lab lab) {
    StringBuilder sb = new StringBuilder();
    String dir = "chapters/" + lab.id() + "/";
    ContentSource.classpath().read(dir + "lab.yaml").ifPresent(sb::append);
    if (lab.intro() != null) ContentSource.classpath().read(lab.intro()).ifPresent(sb::append);
    lab.exercises().forEach(x -> ContentSource.classpath().read(x.instructions()).ifPresent(sb::append));
    return sb.toString();
  }

  @Test
  void everyRowOfTheBooksChapter3MapHasAnEntry() {
    Map<String, String> rows = Map.ofEntries(
        Map.entry("vCenter", "control plane"), Map.entry("SDDC Manager", "Cluster API"),
        Map.entry("VCF Operations", "Prometheus"), Map.entry("VCF Operations for Logs", "Loki"),
        Map.entry("VCF Automation", "GitOps"), Map.entry("vSphere Distributed Switch", "CNI"),
        Map.entry("standard switch", "CNI"), Map.entry("NSX segment", "pod network"),
        Map.entry("NSX routing", "routing"), Map.entry("NSX micro-segmentation", "NetworkPolicy"),
        Map.entry("NSX load balancer", "Gateway API"), Map.entry("vSAN", "CSI"),
        Map.entry("storage policy", "StorageClass"), Map.entry("datastore", "PersistentVolume"),
        Map.entry("VMDK", "PersistentVolumeClaim"), Map.entry("VAAI", "CSI"), Map.entry("VASA", "CSI"),
        Map.entry("ESXi", "node"), Map.entry("vSphere cluster", "cluster"), Map.entry("VM", "pod"),
        Map.entry("DRS", "Descheduler"), Map.entry("HA", "controllers"));
    rows.forEach((vmware, kubernetes) -> assertThat(exact(vmware).kubernetes()).as(vmware).contains(kubernetes));
  }

  @Test
  void theTermsTheLabsUseHaveEntries() {
    Map<String, String> terms = Map.ofEntries(
        Map.entry("maintenance mode", "drain"), Map.entry("vMotion", "no live migration"),
        Map.entry("template", "Helm"), Map.entry("OVF", "Kustomize"), Map.entry("roles", "RBAC"),
        Map.entry("SSO", "authentication"), Map.entry("snapshot", "VolumeSnapshot"),
        Map.entry("content library", "registry"), Map.entry("tags", "labels"), Map.entry("folder", "namespace"),
        Map.entry("resource pool", "ResourceQuota"), Map.entry("reservation", "requests"),
        Map.entry("affinity rules", "affinity"), Map.entry("vDefend", "NetworkPolicy"), Map.entry("DFW", "NetworkPolicy"),
        Map.entry("port group", "pod network"), Map.entry("vLCM", "upgrade"), Map.entry("storage policies", "StorageClass"));
    terms.forEach((vmware, kubernetes) -> assertThat(exact(vmware).kubernetes()).as(vmware).contains(kubernetes));
  }

  @Test
  void kubernetesTermsLeadBackAndUnknownTermsGetSuggestions() {
    assertThat(glossary.lookup("NetworkPolicy").entries()).extracting(GlossaryEntry::vmware).contains("NSX micro-segmentation");
    assertThat(glossary.lookup("StorageClass").entries()).extracting(GlossaryEntry::vmware).contains("storage policy");
    assertThat(glossary.lookup("kube-scheduler").entries()).extracting(GlossaryEntry::vmware).containsExactly("DRS");
    assertThat(glossary.lookup("DRS").entries()).as("not the plural of DR").extracting(GlossaryEntry::vmware).containsExactly("DRS");
    Lookup nsx = glossary.lookup("NSX");
    assertThat(nsx.found()).isFalse();
    assertThat(nsx.suggestions()).contains("NSX segment", "NSX routing", "NSX micro-segmentation", "NSX load balancer");
  }

  @Test
  void noVMwareTermIsAmbiguous() {
    for (GlossaryEntry e : glossary.entries()) {
      assertThat(glossary.lookup(e.vmware()).entries()).as(e.vmware()).first().isEqualTo(e);
    }
  }

  @Test
  void theMappingLabsVersionAnswerFollowsThePinnedK3sImage() {
    String tag = ClusterOptions.DEFAULT_K3S_IMAGE.substring(ClusterOptions.DEFAULT_K3S_IMAGE.lastIndexOf(':') + 1);
    String answer = course.requireLab("mapping/control-plane").exercise("control-plane-node").orElseThrow()
        .solution().answers().get("kubelet-version");
    assertThat(answer).as("bump the answer (and node-state.yaml) with ClusterOptions.DEFAULT_K3S_IMAGE")
        .isEqualTo(tag.replace("-k3s", "+k3s"));
    assertThat(course.chapters()).extracting(c -> c.id()).containsSubsequence("mapping", "storage", "migration");
    assertThat(Set.of(3, 9)).allMatch(book -> course.chapters().stream().anyMatch(c -> c.book() == book));
  }

  private static GlossaryEntry exact(String term) {
    Lookup l = glossary.lookup(term);
    assertThat(l.exact()).as("'" + term + "' is a name in the glossary").isTrue();
    return l.entries().get(0);
  }
}
