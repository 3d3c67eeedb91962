package dev.kubelab.labs.glossary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GlossaryTest {
  static GlossaryEntry entry(String vmware, List<String> aliases, String kubernetes, List<String> terms, Layer layer) {
    return new GlossaryEntry(vmware, aliases, kubernetes, terms, layer, "means", "breaks", List.of(), List.of(), "test");
  }

  final Glossary glossary = new Glossary(List.of(
      entry("DRS", List.of("Distributed Resource Scheduler"), "kube-scheduler plus the Descheduler",
          List.of("scheduler", "Descheduler"), Layer.COMPUTE),
      entry("vMotion", List.of("live migration"), "no live migration of pods", List.of("eviction"), Layer.COMPUTE),
      entry("storage policy", List.of("SPBM"), "StorageClass", List.of(), Layer.STORAGE),
      entry("port group", List.of("distributed port group"), "one pod network", List.of("NetworkPolicy"), Layer.NETWORKING),
      entry("NSX micro-segmentation", List.of("vDefend", "DFW"), "NetworkPolicy", List.of(), Layer.SECURITY),
      entry("NSX segment", List.of(), "pod network", List.of("pod CIDR"), Layer.NETWORKING),
      entry("NSX load balancer", List.of(), "Services and Gateway API", List.of("Service"), Layer.NETWORKING)));

  @Test
  void exactNamesIgnoreCaseSpacingDashesAndPlurals() {
    assertThat(glossary.lookup("drs").entries()).extracting(GlossaryEntry::vmware).containsExactly("DRS");
    assertThat(glossary.lookup("distributed resource scheduler").exact()).isTrue();
    assertThat(glossary.lookup("Storage-Policy").entries()).extracting(GlossaryEntry::vmware).containsExactly("storage policy");
    assertThat(glossary.lookup("storage policies").entries()).extracting(GlossaryEntry::vmware).containsExactly("storage policy");
    assertThat(glossary.lookup("port groups").entries()).extracting(GlossaryEntry::vmware).containsExactly("port group");
    assertThat(glossary.lookup("  VMOTION ").exact()).isTrue();
  }

  @Test
  void aKubernetesTermFindsEveryEntryItAnswersVMwareNamesFirst() {
    Lookup l = glossary.lookup("networkpolicy");
    assertThat(l.exact()).isTrue();
    assertThat(l.entries()).extracting(GlossaryEntry::vmware).containsExactly("port group", "NSX micro-segmentation");
    assertThat(glossary.lookup("StorageClasses").entries()).extracting(GlossaryEntry::vmware).containsExactly("storage policy");
    assertThat(glossary.lookup("scheduler").entries()).extracting(GlossaryEntry::vmware).containsExactly("DRS");
  }

  @Test
  void aTypoOrAPartThatPointsAtOneEntryFindsIt() {
    Lookup typo = glossary.lookup("vmotoin");
    assertThat(typo.exact()).isFalse();
    assertThat(typo.entries()).extracting(GlossaryEntry::vmware).containsExactly("vMotion");
    assertThat(glossary.lookup("Descheduller").entries()).extracting(GlossaryEntry::vmware).containsExactly("DRS");
    assertThat(glossary.lookup("defend").entries()).extracting(GlossaryEntry::vmware).containsExactly("NSX micro-segmentation");
  }

  @Test
  void anAmbiguousOrUnknownTermGetsSuggestions() {
    Lookup nsx = glossary.lookup("NSX");
    assertThat(nsx.found()).isFalse();
    assertThat(nsx.suggestions()).contains("NSX micro-segmentation", "NSX segment", "NSX load balancer");
    Lookup near = glossary.lookup("DSR");
    assertThat(near.found()).isFalse();
    assertThat(near.suggestions()).contains("DRS");
    Lookup nothing = glossary.lookup("xylophone quartet");
    assertThat(nothing.found()).isFalse();
    assertThat(nothing.suggestions()).isEmpty();
    assertThat(glossary.lookup("   ").found()).isFalse();
  }

  @Test
  void termsForCompletionListVMwareNamesFirst() {
    assertThat(glossary.terms()).startsWith("DRS", "Distributed Resource Scheduler").contains("StorageClass", "pod CIDR");
  }

  @Test
  void layersHaveIdsInTableOrder() {
    assertThat(Layer.ids()).containsExactly("management", "compute", "storage", "networking", "security", "operations");
    assertThat(Layer.of("Storage")).contains(Layer.STORAGE);
    assertThat(Layer.of("nothing")).isEmpty();
  }
}
