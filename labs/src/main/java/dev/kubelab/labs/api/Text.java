package dev.kubelab.labs.api;

/** Edit distance, used to suggest the nearest name for a typo. */
public final class Text {
  private Text() {}

  /** Levenshtein distance between two strings. */
  public static int distance(String a, String b) {
    return edits(a, b, false);
  }

  /** As {@link #distance}, with two neighbouring letters swapped ("lsit" for "list") counting as one edit. */
  public static int distanceWithSwaps(String a, String b) {
    return edits(a, b, true);
  }

  private static int edits(String a, String b, boolean swaps) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) d[i][0] = i;
    for (int j = 0; j <= b.length(); j++) d[0][j] = j;
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i][j - 1] + 1, d[i - 1][j] + 1), d[i - 1][j - 1] + cost);
        if (swaps && i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
