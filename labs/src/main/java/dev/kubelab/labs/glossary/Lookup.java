package dev.kubelab.labs.glossary;

import java.util.List;

/**
 * What a glossary lookup found.
 *
 * @param query what was asked
 * @param entries the entries that answer it, best first; empty when nothing matched well enough
 * @param exact whether the query is a term or alias of the entries (ignoring case, spaces and
 *     dashes, and a plural ending); false for the nearest match to a typo or a part of a name
 * @param suggestions when nothing matched: terms close to the query, best first
 */
public record Lookup(String query, List<GlossaryEntry> entries, boolean exact, List<String> suggestions) {

  public boolean found() {
    return !entries.isEmpty();
  }
}
