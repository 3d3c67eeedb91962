package dev.kubelab.runner;

import java.util.List;
import java.util.Locale;

/**
 * Which of picocli's suggestions for a mistyped command or option are worth offering: those within
 * two edits of what was typed, or sharing its first three letters. 'frobnicate' gets none, rather
 * than three unrelated commands.
 */
final class Suggestions {
  private Suggestions() {}

  static List<String> close(String typed, List<String> candidates) {
    String t = bare(typed);
    return candidates.stream().filter(c -> {
      String b = bare(c);
      return distance(t, b) <= 2 || (t.length() >= 3 && b.length() >= 3 && t.regionMatches(0, b, 0, 3));
    }).distinct().toList();
  }

  private static String bare(String s) {
    return s.replaceFirst("^-+", "").toLowerCase(Locale.ROOT);
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) prev[j] = j;
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] swap = prev;
      prev = cur;
      cur = swap;
    }
    return prev[b.length()];
  }
}
