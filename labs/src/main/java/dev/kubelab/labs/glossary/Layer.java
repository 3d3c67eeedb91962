package dev.kubelab.labs.glossary;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The layers of the stack, in the order the mapping table shows them. */
public enum Layer {
  MANAGEMENT("management"),
  COMPUTE("compute"),
  STORAGE("storage"),
  NETWORKING("networking"),
  SECURITY("security"),
  OPERATIONS("operations");

  private final String id;

  Layer(String id) {
    this.id = id;
  }

  /** The name used in glossary.yaml and on the command line. */
  public String id() {
    return id;
  }

  /** The layer with this id, ignoring case. */
  public static Optional<Layer> of(String id) {
    return Arrays.stream(values()).filter(l -> l.id.equalsIgnoreCase(id.trim())).findFirst();
  }

  public static List<String> ids() {
    return Arrays.stream(values()).map(Layer::id).toList();
  }
}
