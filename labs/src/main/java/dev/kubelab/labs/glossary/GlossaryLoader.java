package dev.kubelab.labs.glossary;

import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.labs.api.Text;
import dev.kubelab.labs.content.ContentSource;
import dev.kubelab.labs.content.Problems;
import dev.kubelab.labs.content.Yaml;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code glossary.yaml} from the course's content and validates it: both sides of every
 * entry, a known layer, lab ids that exist, and no VMware name used twice. Every problem is
 * collected, with file, line and field, before it fails.
 */
public final class GlossaryLoader {
  /** Where the glossary lives, relative to the content root. */
  public static final String FILE = "glossary.yaml";

  private static final Set<String> ROOT_KEYS = Set.of("entries");
  private static final Set<String> ENTRY_KEYS =
      Set.of("vmware", "aliases", "kubernetes", "kubernetesTerms", "layer", "means", "breaks", "kubectl", "labs");

  private GlossaryLoader() {}

  /** Loads and validates the glossary against the course's lab ids, or fails listing every problem. */
  public static Glossary load(ContentSource source, Set<String> labIds) {
    Problems problems = new Problems();
    String text = source.read(FILE).orElseThrow(() -> KubelabException.usage(
        "the course in " + source.describe() + " has no " + FILE,
        "'explain' and 'map' read the VMware-to-Kubernetes glossary from " + FILE + " beside course.yaml;"
            + " content/README.md describes its format"));
    Glossary glossary = read(text, labIds, problems);
    problems.throwIfAny("the glossary in " + source.describe());
    return glossary;
  }

  /** Parses glossary text, adding every problem found to {@code problems}; never throws for bad content. */
  public static Glossary read(String text, Set<String> labIds, Problems problems) {
    Yaml root = Yaml.parse(FILE, text, problems);
    root.allowOnly(ROOT_KEYS);
    List<GlossaryEntry> entries = new ArrayList<>();
    Map<String, String> vmwareNames = new HashMap<>();
    Yaml list = root.get("entries");
    // a file that does not parse is reported once, as such
    if (!list.isList() && (!root.isMissing() || text.isBlank())) list.problem("must be a list of entries");
    for (Yaml y : list.items()) {
      if (!y.isMap()) {
        y.problem("must be a mapping with vmware, kubernetes, layer, means and breaks");
        continue;
      }
      GlossaryEntry e = entry(y, labIds, problems);
      Set<String> own = new HashSet<>();
      List<Yaml> names = new ArrayList<>(List.of(y.get("vmware")));
      names.addAll(y.get("aliases").items());
      for (Yaml n : names) {
        String name = n.isScalar() ? n.string() : "";
        String norm = Glossary.normalize(name);
        if (norm.isEmpty()) continue;
        if (!own.add(norm)) {
          n.problem("'" + name + "' is already a name of this entry");
        } else if (vmwareNames.containsKey(norm)) {
          n.problem("'" + name + "' is already a VMware name of the entry at " + vmwareNames.get(norm)
              + "; a VMware term must lead to one entry");
        } else {
          vmwareNames.put(norm, y.where());
        }
      }
      entries.add(e);
    }
    if (list.isList() && entries.isEmpty()) list.problem("needs at least one entry");
    return new Glossary(entries);
  }

  private static GlossaryEntry entry(Yaml y, Set<String> labIds, Problems problems) {
    y.allowOnly(ENTRY_KEYS);
    String vmware = required(y, "vmware", "the VMware side", problems);
    String kubernetes = required(y, "kubernetes", "the Kubernetes side", problems);
    String layerName = y.get("layer").string();
    Layer layer = Layer.of(layerName).orElse(null);
    if (layer == null && !layerName.isEmpty()) y.get("layer").problem("unknown layer '" + layerName + "'; one of " + Layer.ids());
    List<String> labs = y.get("labs").strings();
    for (int i = 0; i < labs.size(); i++) {
      String lab = labs.get(i);
      if (!labIds.contains(lab)) {
        Yaml at = y.get("labs").isList() ? y.get("labs").items().get(i) : y.get("labs");
        at.problem("no lab '" + lab + "' in the course" + nearest(lab, labIds));
      }
    }
    return new GlossaryEntry(vmware, names(y.get("aliases")), kubernetes, names(y.get("kubernetesTerms")),
        layer == null ? Layer.MANAGEMENT : layer, required(y, "means", "what the counterpart is", problems),
        required(y, "breaks", "where the analogy breaks", problems), y.get("kubectl").strings(), labs, y.where());
  }

  private static String required(Yaml y, String key, String what, Problems problems) {
    Yaml v = y.get(key);
    if (v.isMissing()) {
      problems.add(y.file(), y.line(), v.path(), "is required: " + what);
      return "";
    }
    String s = v.string().strip();
    if (s.isEmpty() && v.isScalar()) v.problem("is empty: give " + what);
    return s;
  }

  private static List<String> names(Yaml y) {
    List<String> out = y.strings();
    List<Yaml> items = y.items();
    for (int i = 0; i < items.size(); i++) {
      if (Glossary.normalize(out.get(i)).isEmpty()) items.get(i).problem("an empty name finds nothing");
    }
    return out.stream().filter(s -> !Glossary.normalize(s).isEmpty()).toList();
  }

  private static String nearest(String lab, Set<String> labIds) {
    return labIds.stream().min(Comparator.comparingInt(id -> Text.distance(id, lab)))
        .filter(id -> Text.distance(id, lab) <= Math.max(3, lab.length() / 3))
        .map(id -> " (did you mean '" + id + "'?)").orElse("");
  }
}
