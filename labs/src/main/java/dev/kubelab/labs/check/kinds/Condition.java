package dev.kubelab.labs.check.kinds;

import dev.kubelab.labs.check.Check;
import dev.kubelab.labs.check.CheckKind;
import dev.kubelab.labs.check.Outcome;
import dev.kubelab.labs.check.Params;
import dev.kubelab.labs.check.ResourceRef;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;

/** A status condition (Ready, Available, ...) has the expected status, and reason if given. */
public final class Condition implements CheckKind {
  @Override
  public String name() {
    return "condition";
  }

  @Override
  public Check create(Params p) {
    ResourceRef ref = p.ref("resource");
    String type = p.string("type");
    String status = p.optString("status", "True");
    String reason = p.optString("reason", null);
    return ctx -> {
      List<GenericKubernetesResource> found = ctx.list(ref);
      if (found.isEmpty()) return Outcome.fail(Describe.missing(ref, ctx));
      for (GenericKubernetesResource r : found) {
        Map<String, Object> c = find(ctx.asMap(r), type);
        if (c == null) return Outcome.fail(Describe.name(r) + " has no " + type + " condition yet (expected " + type + "=" + status + ")");
        boolean ok = status.equals(String.valueOf(c.get("status"))) && (reason == null || reason.equals(c.get("reason")));
        if (!ok) {
          return Outcome.fail("expected " + Describe.name(r) + " to be " + type + "=" + status
              + (reason == null ? "" : " (" + reason + ")") + ", found " + type + "=" + c.get("status")
              + (c.get("reason") == null ? "" : " (" + c.get("reason") + ")")
              + (c.get("message") == null ? "" : ": " + c.get("message")));
        }
      }
      return Outcome.pass(ref.describe() + " is " + type + "=" + status);
    };
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> find(Map<String, Object> object, String type) {
    if (!(object.get("status") instanceof Map<?, ?> s) || !(s.get("conditions") instanceof List<?> l)) return null;
    for (Object o : l) {
      if (o instanceof Map<?, ?> m && type.equals(m.get("type"))) return (Map<String, Object>) m;
    }
    return null;
  }
}
