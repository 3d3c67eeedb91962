package dev.kubelab.labs.content;

import dev.kubelab.labs.api.Lab;
import dev.kubelab.labs.api.Placement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The variables every template of a lab sees: ns, namespaces, images, lab, nodes. */
public final class Model {
  /** Node names used while validating content without a cluster. */
  public static final List<String> SAMPLE_NODES = List.of("node-1", "node-2", "node-3");

  private Model() {}

  public static Map<String, Object> of(Lab lab, Placement placement, Map<String, String> images, List<String> nodes) {
    Map<String, Object> m = new HashMap<>();
    m.put("ns", placement.main());
    m.put("namespaces", placement.namespaces());
    m.put("images", images);
    m.put("lab", Map.of("id", lab.id(), "title", lab.title()));
    m.put("nodes", nodes);
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
