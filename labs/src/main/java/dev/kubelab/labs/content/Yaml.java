package dev.kubelab.labs.content;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A YAML node that knows its file, line and field path, and reports type errors to
 * {@link Problems} instead of throwing, so loading goes on and finds every problem.
 */
public final class Yaml {
  private final String file;
  private final String path;
  private final Node node;
  private final Problems problems;
  private final int missingLine;

  private Yaml(String file, String path, Node node, Problems problems) {
    this(file, path, node, problems, 0);
  }

  private Yaml(String file, String path, Node node, Problems problems, int missingLine) {
    this.file = file;
    this.path = path;
    this.node = node;
    this.problems = problems;
    this.missingLine = missingLine;
  }

  /** Parses a document; a syntax error becomes a problem and an empty mapping. */
  public static Yaml parse(String file, String text, Problems problems) {
    try {
      Node root = new org.yaml.snakeyaml.Yaml(new LoaderOptions()).compose(new java.io.StringReader(text));
      return new Yaml(file, "", root, problems);
    } catch (MarkedYAMLException e) {
      problems.add(file, e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1, "",
          "not valid YAML: " + e.getProblem());
      return new Yaml(file, "", null, problems);
    }
  }

  public String file() {
    return file;
  }

  public String path() {
    return path;
  }

  public int line() {
    return node == null ? 0 : node.getStartMark().getLine() + 1;
  }

  public String where() {
    return file + ":" + line();
  }

  public boolean isMissing() {
    return node == null;
  }

  public boolean isMap() {
    return node instanceof MappingNode;
  }

  public boolean isList() {
    return node instanceof SequenceNode;
  }

  public boolean isScalar() {
    return node instanceof ScalarNode;
  }

  public void problem(String message) {
    problems.add(file, line(), path, message);
  }

  /** The child under a key, or a missing node. */
  public Yaml get(String key) {
    if (node instanceof MappingNode m) {
      for (NodeTuple t : m.getValue()) {
        if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
          return new Yaml(file, child(key), t.getValueNode(), problems);
        }
      }
    }
    return new Yaml(file, child(key), null, problems, line());
  }

  private String child(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  public List<String> keys() {
    List<String> keys = new ArrayList<>();
    if (node instanceof MappingNode m) {
      for (NodeTuple t : m.getValue()) {
        if (t.getKeyNode() instanceof ScalarNode k) keys.add(k.getValue());
      }
    }
    return keys;
  }

  /** Reports keys that are not in the allowed set, suggesting the nearest allowed one. */
  public void allowOnly(Set<String> allowed) {
    for (String k : keys()) {
      if (!allowed.contains(k)) {
        String near = allowed.stream()
            .min(java.util.Comparator.comparingInt(a -> dev.kubelab.labs.api.Text.distance(a, k))).orElse("");
        boolean close = dev.kubelab.labs.api.Text.distance(near, k) <= 2;
        get(k).problem("unknown field" + (close ? " (did you mean '" + near + "'?)" : "; allowed: "
            + allowed.stream().sorted().toList()));
      }
    }
  }

  public List<Yaml> items() {
    List<Yaml> out = new ArrayList<>();
    if (node instanceof SequenceNode s) {
      for (int i = 0; i < s.getValue().size(); i++) {
        out.add(new Yaml(file, path + "[" + i + "]", s.getValue().get(i), problems));
      }
    }
    return out;
  }

  /** A required string; reports and returns "" when missing or not a scalar. */
  public String string() {
    if (node == null) {
      problems.add(file, missingLine, path, "is required");
      return "";
    }
    if (!(node instanceof ScalarNode s)) {
      problem("must be a single value, not a " + (isList() ? "list" : "mapping"));
      return "";
    }
    return s.getValue();
  }

  public String string(String defaultValue) {
    return node == null ? defaultValue : string();
  }

  public int integer(int defaultValue) {
    if (node == null) return defaultValue;
    String s = string();
    try {
      return Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      problem("must be a whole number, found '" + s + "'");
      return defaultValue;
    }
  }

  public boolean bool(boolean defaultValue) {
    if (node == null) return defaultValue;
    String s = string().trim();
    if (s.equals("true")) return true;
    if (s.equals("false")) return false;
    problem("must be true or false, found '" + s + "'");
    return defaultValue;
  }

  /** A list of strings; a single string is accepted as a list of one. */
  public List<String> strings() {
    if (node == null) return List.of();
    if (isScalar()) return List.of(string());
    if (!isList()) {
      problem("must be a list");
      return List.of();
    }
    return items().stream().map(Yaml::string).toList();
  }

  /** The node as plain Java values (String, List, Map), for check fields. */
  public Object plain() {
    return plain(node);
  }

  private static Object plain(Node n) {
    if (n == null) return null;
    if (n instanceof ScalarNode s) return s.getValue();
    if (n instanceof SequenceNode s) return s.getValue().stream().map(Yaml::plain).toList();
    Map<String, Object> m = new LinkedHashMap<>();
    for (NodeTuple t : ((MappingNode) n).getValue()) {
      m.put(String.valueOf(plain(t.getKeyNode())), plain(t.getValueNode()));
    }
    return m;
  }
}
