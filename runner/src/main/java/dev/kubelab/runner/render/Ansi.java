package dev.kubelab.runner.render;

/** ANSI styling, or none: every method returns the text unchanged when colour is off. */
public final class Ansi {
  public static final String BOLD = "1";
  public static final String DIM = "2";
  public static final String ITALIC = "3";
  public static final String UNDERLINE = "4";
  public static final String RED = "31";
  public static final String GREEN = "32";
  public static final String YELLOW = "33";
  public static final String CYAN = "36";

  private final boolean enabled;

  public Ansi(boolean enabled) {
    this.enabled = enabled;
  }

  public boolean enabled() {
    return enabled;
  }

  /** The text in a style such as "1" or "1;4" (SGR codes joined by ';'); empty style: unchanged. */
  public String apply(String text, String style) {
    if (!enabled || style == null || style.isEmpty() || text.isEmpty()) return text;
    return "\u001b[" + style + "m" + text + "\u001b[0m";
  }

  public static String combine(String style, String add) {
    return style == null || style.isEmpty() ? add : style + ";" + add;
  }

  public String bold(String s) {
    return apply(s, BOLD);
  }

  public String dim(String s) {
    return apply(s, DIM);
  }

  public String red(String s) {
    return apply(s, RED);
  }

  public String green(String s) {
    return apply(s, GREEN);
  }

  public String yellow(String s) {
    return apply(s, YELLOW);
  }

  public String cyan(String s) {
    return apply(s, CYAN);
  }

  /** Length as seen on screen, escape sequences not counted. */
  public static int visibleLength(String s) {
    return s.replaceAll("\u001b\\[[0-9;]*m", "").length();
  }
}
