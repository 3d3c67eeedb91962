package dev.kubelab.labs.check.kinds;

import dev.kubelab.labs.check.Check;
import dev.kubelab.labs.check.CheckKind;
import dev.kubelab.labs.check.Outcome;
import dev.kubelab.labs.check.Params;
import dev.kubelab.labs.check.ResourceRef;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;

/** No such object. */
public final class Absent implements CheckKind {
  @Override
  public String name() {
    return "absent";
  }

  @Override
  public Check create(Params p) {
    ResourceRef ref = p.ref("resource");
    return ctx -> {
      List<GenericKubernetesResource> found = ctx.list(ref);
      if (found.isEmpty()) return Outcome.pass("no " + ref.describe());
      return Outcome.fail("expected no " + ref.describe() + ", found "
          + found.stream().map(Describe::name).limit(5).reduce((a, b) -> a + ", " + b).orElse("")
          + Describe.where(ref, ctx, found.get(0)));
    };
  }
}
