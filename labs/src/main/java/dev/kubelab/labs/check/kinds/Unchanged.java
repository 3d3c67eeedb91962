package dev.kubelab.labs.check.kinds;

import dev.kubelab.labs.check.Check;
import dev.kubelab.labs.check.CheckKind;
import dev.kubelab.labs.check.Outcome;
import dev.kubelab.labs.check.Params;
import dev.kubelab.labs.check.ResourceRef;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.Optional;

/** Anti-shortcut: the object still has the UID it had after setup, so it was fixed in place. */
public final class Unchanged implements CheckKind {
  @Override
  public String name() {
    return "unchanged";
  }

  @Override
  public Check create(Params p) {
    ResourceRef ref = p.ref("resource");
    if (ref.name() == null && !ref.kind().equals("Unknown")) p.problem("resource", "must name one object");
    return ctx -> {
      Optional<GenericKubernetesResource> now = ctx.get(ref);
      if (now.isEmpty()) return Outcome.fail("expected " + ref.describe() + " to be fixed in place, found it deleted");
      String key = key(now.get());
      Optional<String> before = ctx.setupUid(key);
      if (before.isEmpty()) return Outcome.fail(ref.describe() + " was not recorded at setup: reset the lab to record it");
      return before.get().equals(now.get().getMetadata().getUid())
          ? Outcome.pass(ref.describe() + " is the original object, fixed in place")
          : Outcome.fail("expected the original " + ref.describe() + " fixed in place, found a new one: it was deleted and"
              + " recreated. Reset the lab and fix the object itself (kubectl edit, patch or apply)");
    };
  }

  /** How setup UIDs are keyed: Kind/namespace/name ("-" for cluster-scoped). */
  public static String key(GenericKubernetesResource r) {
    String ns = r.getMetadata().getNamespace();
    return r.getKind() + "/" + (ns == null ? "-" : ns) + "/" + r.getMetadata().getName();
  }
}
