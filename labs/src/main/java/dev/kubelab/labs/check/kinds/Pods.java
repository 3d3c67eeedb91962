package dev.kubelab.labs.check.kinds;

import dev.kubelab.labs.check.Params;
import dev.kubelab.labs.check.ResourceRef;
import java.util.Map;

/** The pods a check is about: {@code pod: NAME} or {@code selector: k=v}, optionally only those {@code owner: REF} owns. */
final class Pods {
  private Pods() {}

  static ResourceRef ref(Params p) {
    String pod = p.optString("pod", null);
    String selector = p.optString("selector", null);
    String ns = p.optString("namespace", null);
    ResourceRef owner = p.has("owner") ? p.ref("owner") : null;
    if (pod == null && selector == null && owner == null) p.problem("pod", "give pod, selector or owner");
    if (pod != null && selector != null) p.problem("pod", "give either pod or selector");
    try {
      return new ResourceRef("v1", "Pod", pod, ResourceRef.selector(selector), ns, owner);
    } catch (IllegalArgumentException e) {
      p.problem("selector", e.getMessage());
      return new ResourceRef("v1", "Pod", null, Map.of(), ns);
    }
  }
}
