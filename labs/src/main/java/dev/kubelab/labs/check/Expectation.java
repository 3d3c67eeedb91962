package dev.kubelab.labs.check;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What a found value must satisfy: equals, notEquals, contains, matches, gt/gte/lt/lte (numbers
 * or Kubernetes quantities such as 1Gi), or present. Shared by field, exec and answer checks.
 */
public final class Expectation {
  public static final List<String> KEYS =
      List.of("equals", "notEquals", "contains", "matches", "gt", "gte", "lt", "lte", "present");

  private final String op;
  private final String expected;
  private final boolean ignoreCase;
  private final Pattern pattern;

  private Expectation(String op, String expected, boolean ignoreCase) {
    this.op = op;
    this.expected = expected;
    this.ignoreCase = ignoreCase;
    this.pattern = op.equals("matches") ? Pattern.compile(expected, ignoreCase ? Pattern.CASE_INSENSITIVE : 0) : null;
  }

  /** Reads exactly one of the operators from the params, restricted to {@code allowed}. */
  public static Expectation read(Params p, List<String> allowed, boolean ignoreCase) {
    List<String> present = allowed.stream().filter(p::has).toList();
    if (present.size() != 1) {
      p.problem(allowed.get(0), present.isEmpty()
          ? "needs one of " + allowed
          : "give only one of " + present);
      return new Expectation("equals", "", ignoreCase);
    }
    String op = present.get(0);
    String value = p.string(op);
    try {
      Expectation e = new Expectation(op, value, ignoreCase);
      if (e.numeric() && number(value) == null) p.problem(op, "must be a number or a quantity such as 1Gi, found '" + value + "'");
      if (op.equals("present") && !value.equals("true") && !value.equals("false")) p.problem(op, "must be true or false");
      return e;
    } catch (PatternSyntaxException ex) {
      p.problem(op, "not a valid regular expression: " + ex.getDescription());
      return new Expectation("equals", value, ignoreCase);
    }
  }

  public static Expectation equalsValue(String value, boolean ignoreCase) {
    return new Expectation("equals", value, ignoreCase);
  }

  private boolean numeric() {
    return java.util.Set.of("gt", "gte", "lt", "lte").contains(op);
  }

  /** Empty when the value satisfies the expectation, else what went wrong in a learner's words. */
  public Optional<String> test(Object found) {
    String shown = show(found);
    boolean ok = switch (op) {
      case "present" -> (found != null) == Boolean.parseBoolean(expected);
      case "equals" -> found != null && same(scalar(found), expected);
      case "notEquals" -> found == null || !same(scalar(found), expected);
      case "contains" -> found instanceof Collection<?> c
          ? c.stream().anyMatch(x -> x != null && same(String.valueOf(x), expected))
          : found != null && fold(String.valueOf(found)).contains(fold(expected));
      case "matches" -> found != null && pattern.matcher(scalar(found)).find();
      default -> compare(found);
    };
    return ok ? Optional.empty() : Optional.of("expected " + describe() + ", found " + shown);
  }

  private boolean compare(Object found) {
    BigDecimal a = found == null ? null : number(scalar(found));
    BigDecimal b = number(expected);
    if (a == null || b == null) return false;
    int c = a.compareTo(b);
    return switch (op) {
      case "gt" -> c > 0;
      case "gte" -> c >= 0;
      case "lt" -> c < 0;
      default -> c <= 0;
    };
  }

  /** "to equal Bound", "at least 2", ... */
  public String describe() {
    return switch (op) {
      case "equals" -> "'" + expected + "'";
      case "notEquals" -> "anything but '" + expected + "'";
      case "contains" -> "something containing '" + expected + "'";
      case "matches" -> "a value matching /" + expected + "/";
      case "gt" -> "more than " + expected;
      case "gte" -> "at least " + expected;
      case "lt" -> "less than " + expected;
      case "lte" -> "at most " + expected;
      default -> Boolean.parseBoolean(expected) ? "a value" : "no value";
    };
  }

  /** Equal as text, or as quantities written differently (1Gi and 1024Mi, 50m and 0.05, 32Mi and 33554432). */
  private boolean same(String a, String b) {
    return fold(a.strip()).equals(fold(b.strip())) || sameQuantity(a, b);
  }

  /**
   * A quantity equals the same amount written otherwise: 1Gi is 1024Mi, 128Mi is 131072Ki, 2 CPUs
   * are 2000m. At least one side must carry a unit, so plain numbers and versions keep comparing as
   * text.
   */
  private static boolean sameQuantity(String found, String expected) {
    String a = found.strip();
    String b = expected.strip();
    boolean unit = QUANTITY.matcher(a).matches() || QUANTITY.matcher(b).matches();
    if (!unit || !AMOUNT.matcher(a).matches() || !AMOUNT.matcher(b).matches()) return false;
    BigDecimal x = number(a);
    BigDecimal y = number(b);
    return x != null && y != null && x.compareTo(y) == 0;
  }

  /** A number with a Kubernetes unit suffix (binary or decimal SI, or m for thousandths). */
  private static final Pattern QUANTITY = Pattern.compile("[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E)");
  /** A quantity, or a plain number. */
  private static final Pattern AMOUNT = Pattern.compile("[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E)?");

  private String fold(String s) {
    return ignoreCase ? s.toLowerCase() : s;
  }

  private static String scalar(Object o) {
    if (o instanceof Collection<?> c && c.size() == 1) return String.valueOf(c.iterator().next());
    return String.valueOf(o);
  }

  /** Shows a found value the way a learner would read it. */
  public static String show(Object found) {
    if (found == null) return "nothing";
    if (found instanceof Collection<?> c) {
      if (c.isEmpty()) return "nothing";
      if (c.size() == 1) return show(c.iterator().next());
    }
    String s = String.valueOf(found);
    return s.length() > 200 ? "'" + s.substring(0, 200) + "…'" : "'" + s + "'";
  }

  static BigDecimal number(String s) {
    if (s == null || s.isBlank()) return null;
    try {
      return new BigDecimal(s.trim());
    } catch (NumberFormatException e) {
      try {
        return Quantity.getAmountInBytes(new Quantity(s.trim()));
      } catch (RuntimeException ex) {
        return null;
      }
    }
  }
}
