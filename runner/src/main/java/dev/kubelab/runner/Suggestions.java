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
    int best = candidates.stream().mapToInt(c -> distance(t, bare(c))).min().orElse(Integer.MAX_VALUE);
    return candidates.stream().filter(c -> {
      String b = bare(c);
      int d = distance(t, b);
      return (d <= 2 && d == best) || (t.length() >= 3 && b.length() >= 3 && t.regionMatches(0, b, 0, 3));
    }).distinct().toList();
  }

  /** Edits between two names, a swap of two neighbouring letters counting as one (optimal string alignment). */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) d[i][0] = i;
    for (int j = 0; j <= b.length(); j++) d[0][j] = j;
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i][j - 1] + 1, d[i - 1][j] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }

  private static String bare(String s) {
    return s.replaceFirst("^-+", "").toLowerCase(Locale.ROOT);
  }

}
