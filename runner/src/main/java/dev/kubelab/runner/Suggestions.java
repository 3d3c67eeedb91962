package dev.kubelab.runner;

import java.util.List;
import java.util.Locale;

/**
 * Which of picocli's suggestions for a mistyped command or option are worth offering: those within
 * two edits of what was typed, or sharing its first three letters. 'frobnicate' gets none, rather
 * than three unrelated commands.
 */
public final class Suggestions {
  private Suggestions() {}

  public static List<String> close(String typed, List<String> candidates) {
    String t = bare(typed);
    return candidates.stream().filter(c -> {
      String b = bare(c);
      return dev.kubelab.labs.api.Text.distance(t, b) <= 2 || (t.length() >= 3 && b.length() >= 3 && t.regionMatches(0, b, 0, 3));
    }).distinct().toList();
  }

  private static String bare(String s) {
    return s.replaceFirst("^-+", "").toLowerCase(Locale.ROOT);
  }

}
