package dev.kubelab.labs.content;

import dev.kubelab.labs.api.Lab;
import dev.kubelab.labs.api.Placement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The variables every template of a lab sees: ns, namespaces, images, lab, nodes, and those of the operators it runs. */
public final class Model {
  /** Node names used while validating content without a cluster. */
  public static final List<String> SAMPLE_NODES = List.of("node-1", "node-2", "node-3");
  /** What every stand-in for a node name says: text that renders plainly and can never name a real node. */
  public static final String UNLISTED = "your identity cannot list nodes";
  /**
   * A ConfigMap a classroom keeps in each student's namespace, with the cluster's node names
   * (key {@value #NODE_NAMES_KEY}, comma-separated), for identities that may not list nodes.
   */
  public static final String NODE_NAMES_RECORD = "kubelab-nodes";
  public static final String NODE_NAMES_KEY = "names";

  private Model() {}

  /**
   * Stand-ins for the node names when the identity may not list nodes: as many as content
   * validation renders with ({@link #SAMPLE_NODES}), each saying plainly why it is no name.
   */
  public static List<String> unlistedNodes() {
    return java.util.stream.IntStream.rangeClosed(1, SAMPLE_NODES.size()).mapToObj(i -> "(node " + i + ": " + UNLISTED + ")").toList();
  }

  /** Whether a rendered text holds a stand-in for a node name (see {@link #unlistedNodes()}). */
  public static boolean namesUnlistedNode(String rendered) {
    return rendered != null && rendered.contains(UNLISTED);
  }

  public static Map<String, Object> of(Lab lab, Placement placement, Map<String, String> images, List<String> nodes) {
    Map<String, Object> m = new HashMap<>();
    m.put("ns", placement.main());
    m.put("namespaces", placement.namespaces());
    m.put("images", images);
    m.put("lab", Map.of("id", lab.id(), "title", lab.title()));
    m.put("nodes", nodes);
    for (String id : lab.requires().operators()) {
      dev.kubelab.labs.operator.Operators.get(id).ifPresent(o -> m.put(id, o.model(placement.main())));
    }
    return m;
  }

  /**
   * The model without a cluster, add-on variables included: those recorded when the lab started
   * ({@code recorded}, by add-on id), else the add-on's stand-in values.
   */
  public static Map<String, Object> offline(Lab lab, Placement placement, Map<String, String> images, List<String> nodes,
      Map<String, Object> recorded) {
    Map<String, Object> model = of(lab, placement, images, nodes);
    if (lab.requires().addons().isEmpty()) return model;
    Map<String, Object> out = new HashMap<>(model);
    for (String id : lab.requires().addons()) {
      Object value = recorded.get(id);
      out.put(id, value != null ? value
          : dev.kubelab.labs.addon.Addons.builtIn().get(id).map(dev.kubelab.labs.addon.Addon::sampleModel).orElse(Map.of()));
    }
    return out;
  }
}
