package dev.kubelab.labs.check.kinds;

import dev.kubelab.labs.check.Check;
import dev.kubelab.labs.check.CheckKind;
import dev.kubelab.labs.check.Outcome;
import dev.kubelab.labs.check.Params;
import dev.kubelab.labs.check.ResourceRef;

/** The object exists (with a selector: at least one matches). */
public final class Exists implements CheckKind {
  @Override
  public String name() {
    return "exists";
  }

  @Override
  public Check create(Params p) {
    ResourceRef ref = p.ref("resource");
    return ctx -> ctx.list(ref).isEmpty()
        ? Outcome.fail(Describe.missing(ref, ctx))
        : Outcome.pass(ref.describe() + " exists");
  }
}
