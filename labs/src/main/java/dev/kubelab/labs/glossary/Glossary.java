package dev.kubelab.labs.glossary;

import dev.kubelab.labs.api.Text;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The VMware-to-Kubernetes glossary: entries in the order written, looked up by either side's
 * names, forgiving case, spacing, dashes, plurals and typos.
 */
public final class Glossary {
  private final List<GlossaryEntry> entries;
  private final List<Key> keys = new ArrayList<>();

  /** A name that finds an entry: its normalized form, as written, and whether it is a VMware name. */
  private record Key(String norm, String text, GlossaryEntry entry, boolean vmware) {}

  public Glossary(List<GlossaryEntry> entries) {
    this.entries = List.copyOf(entries);
    for (GlossaryEntry e : entries) {
      keys.add(new Key(normalize(e.vmware()), e.vmware(), e, true));
      e.aliases().forEach(a -> keys.add(new Key(normalize(a), a, e, true)));
      keys.add(new Key(normalize(e.kubernetes()), e.kubernetes(), e, false));
      e.kubernetesTerms().forEach(t -> keys.add(new Key(normalize(t), t, e, false)));
    }
  }

  public List<GlossaryEntry> entries() {
    return entries;
  }

  /**
   * The glossary with each entry linked to the labs that teach it: the labs the entry names
   * first, then every lab whose title, then own VMware mapping (the lab's {@code vmware} line,
   * then an exercise's) names the term or one of its aliases, each tier in course order. So a new lab about DRS
   * rules shows under {@code explain DRS} without anyone editing the glossary.
   */
  public Glossary linkedTo(dev.kubelab.labs.api.Course course) {
    List<GlossaryEntry> linked = new ArrayList<>();
    for (GlossaryEntry e : entries) {
      java.util.regex.Pattern names = mentions(e);
      Set<String> labs = new LinkedHashSet<>(e.labs());
      course.labs().stream().filter(l -> names.matcher(l.title()).find()).forEach(l -> labs.add(l.id()));
      course.labs().stream().filter(l -> names.matcher(l.vmware()).find()).forEach(l -> labs.add(l.id()));
      course.labs().stream().filter(l -> l.exercises().stream().anyMatch(x -> x.vmware() != null && names.matcher(x.vmware()).find()))
          .forEach(l -> labs.add(l.id()));
      linked.add(new GlossaryEntry(e.vmware(), e.aliases(), e.kubernetes(), e.kubernetesTerms(), e.layer(), e.means(), e.breaks(),
          e.kubectl(), List.copyOf(labs), e.where()));
    }
    return new Glossary(linked);
  }

  /** The entry's VMware name or an alias as a whole word or phrase, in any case. */
  public static java.util.regex.Pattern mentions(GlossaryEntry e) {
    List<String> names = new ArrayList<>(List.of(e.vmware()));
    names.addAll(e.aliases());
    String any = names.stream().map(java.util.regex.Pattern::quote).reduce((a, b) -> a + "|" + b).orElse("");
    return java.util.regex.Pattern.compile("(?<![\\w-])(?:" + any + ")(?![\\w-])", java.util.regex.Pattern.CASE_INSENSITIVE);
  }

  /** The entries of one layer, in the order written. */
  public List<GlossaryEntry> layer(Layer layer) {
    return entries.stream().filter(e -> e.layer() == layer).toList();
  }

  /** Every name that finds an entry, VMware names first, for completion. */
  public List<String> terms() {
    Set<String> out = new LinkedHashSet<>();
    keys.stream().filter(Key::vmware).forEach(k -> out.add(k.text()));
    keys.stream().filter(k -> !k.vmware() && k.text().length() <= 30).forEach(k -> out.add(k.text()));
    return List.copyOf(out);
  }

  /**
   * Finds the entries for a VMware or Kubernetes term. A term or alias matches exactly (case,
   * spaces, dashes and a plural ending do not matter); a Kubernetes term may answer for several
   * entries. Otherwise, when a typo or a part of a name points at one entry only, that entry is
   * the answer; when it points at several, or at none, the lookup returns suggestions instead.
   */
  public Lookup lookup(String query) {
    String q = normalize(query);
    // the name as typed first, so that "DRS" is never read as the plural of "DR"
    for (List<String> names : List.of(List.of(q), variants(q))) {
      Map<GlossaryEntry, Boolean> exact = new LinkedHashMap<>();
      for (boolean vmwareSide : new boolean[] {true, false}) {
        for (Key k : keys) {
          if (k.vmware() == vmwareSide && names.contains(k.norm())) exact.putIfAbsent(k.entry(), true);
        }
      }
      if (!exact.isEmpty()) return new Lookup(query, List.copyOf(exact.keySet()), true, List.of());
    }
    if (q.isEmpty()) return new Lookup(query, List.of(), false, List.of());
    Map<GlossaryEntry, Integer> near = new LinkedHashMap<>();
    Map<GlossaryEntry, String> nearText = new LinkedHashMap<>();
    for (Key k : keys) {
      int score = score(q, k.norm());
      if (score < 0) continue;
      Integer best = near.get(k.entry());
      if (best == null || score < best) {
        near.put(k.entry(), score);
        // suggest an entry by its VMware name, not by whichever alias came closest
        nearText.put(k.entry(), k.vmware() ? k.entry().vmware() : k.text());
      }
    }
    if (near.size() == 1) return new Lookup(query, List.copyOf(near.keySet()), false, List.of());
    List<String> suggestions = near.isEmpty() ? loose(q) : near.entrySet().stream()
        .sorted(Map.Entry.comparingByValue()).limit(8).map(e -> nearText.get(e.getKey())).toList();
    return new Lookup(query, List.of(), false, suggestions);
  }

  /** Lower score is closer; -1 when not close: within a few edits, or one name contains the other. */
  private static int score(String q, String key) {
    int d = Text.distance(q, key);
    int tolerance = q.length() <= 4 ? 1 : q.length() <= 8 ? 2 : 3;
    if (d <= tolerance && Math.min(q.length(), key.length()) >= 3) return d;
    if (q.length() >= 3 && key.contains(q)) return tolerance + 1 + key.length() - q.length();
    if (key.length() >= 4 && q.contains(key)) return tolerance + 1 + q.length() - key.length();
    return -1;
  }

  /** The nearest names when nothing is close: a few, within half the query's length. */
  private List<String> loose(String q) {
    int limit = Math.max(2, q.length() / 2);
    Set<String> out = new LinkedHashSet<>();
    keys.stream().filter(k -> Text.distance(q, k.norm()) <= limit)
        .sorted(Comparator.comparingInt(k -> Text.distance(q, k.norm())))
        .forEach(k -> out.add(k.text()));
    return out.stream().limit(3).toList();
  }

  /** Lowercase letters and digits only: "Storage-Policy" and "storage policy" are the same name. */
  public static String normalize(String s) {
    return s == null ? "" : s.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", "");
  }

  /** What a plural could be the plural of. */
  private static List<String> variants(String q) {
    List<String> out = new ArrayList<>();
    if (q.endsWith("ies") && q.length() > 4) out.add(q.substring(0, q.length() - 3) + "y");
    if (q.endsWith("es") && q.length() > 3) out.add(q.substring(0, q.length() - 2));
    if (q.endsWith("s") && q.length() > 2) out.add(q.substring(0, q.length() - 1));
    return out;
  }
}
