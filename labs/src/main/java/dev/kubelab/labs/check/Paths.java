package dev.kubelab.labs.check;

import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import java.util.Map;

/** JSONPath over an object: ".status.phase" and "$.status.phase" both work, filters included. */
public final class Paths {
  private static final Configuration CONF =
      Configuration.defaultConfiguration().addOptions(Option.SUPPRESS_EXCEPTIONS);

  private Paths() {}

  /** Compiles a path; reports a problem to the params and returns null when it is invalid. */
  public static JsonPath compile(Params p, String key) {
    String path = p.string(key);
    if (path.isEmpty()) return null;
    try {
      return JsonPath.compile(path.startsWith("$") ? path : "$" + (path.startsWith(".") || path.startsWith("[") ? "" : ".") + path);
    } catch (InvalidPathException e) {
      p.problem(key, "not a valid path: " + e.getMessage());
      return null;
    }
  }

  /** The value at the path: a scalar, a map, a list for filters, or null when absent. */
  public static Object read(Map<String, Object> object, JsonPath path) {
    Object v = path.read(object, CONF);
    if (v instanceof java.util.List<?> l && !path.isDefinite() && l.isEmpty()) return null;
    return v;
  }

  /** The path as authors wrote it, for messages. */
  public static String show(JsonPath path) {
    String s = path.getPath();
    return s.startsWith("$") ? s.substring(1).replaceAll("\\['([^']*)'\\]", ".$1") : s;
  }
}
