package dev.kubelab.runner;

import java.util.List;
import java.util.Locale;

/**
 * Which names to offer for a mistyped command or option: the nearest within two edits of what was
 * typed (a swap of two neighbouring letters is one), and those sharing its first three letters.
 * 'frobnicate' gets none, rather than three unrelated commands; 'lsit' gets list, not exit.
 */
public final class Suggestions {
  private Suggestions() {}

  public static List<String> close(String typed, java.util.Collection<String> candidates) {
    String t = bare(typed);
    int best = candidates.stream().mapToInt(c -> dev.kubelab.labs.api.Text.distanceWithSwaps(t, bare(c))).min().orElse(Integer.MAX_VALUE);
    return candidates.stream().filter(c -> {
      String b = bare(c);
      int d = dev.kubelab.labs.api.Text.distanceWithSwaps(t, b);
      return (d <= 2 && d == best) || (t.length() >= 3 && b.length() >= 3 && t.regionMatches(0, b, 0, 3));
    }).distinct().toList();
  }

  private static String bare(String s) {
    return s.replaceFirst("^-+", "").toLowerCase(Locale.ROOT);
  }

}
