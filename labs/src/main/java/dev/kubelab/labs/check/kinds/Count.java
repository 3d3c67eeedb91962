package dev.kubelab.labs.check.kinds;

import dev.kubelab.labs.check.Check;
import dev.kubelab.labs.check.CheckKind;
import dev.kubelab.labs.check.Outcome;
import dev.kubelab.labs.check.Params;
import dev.kubelab.labs.check.ResourceRef;

/** How many objects match: equals, min and/or max. */
public final class Count implements CheckKind {
  @Override
  public String name() {
    return "count";
  }

  @Override
  public Check create(Params p) {
    ResourceRef ref = p.ref("resource");
    int equals = p.integer("equals", -1);
    int min = p.integer("min", -1);
    int max = p.integer("max", -1);
    if (equals < 0 && min < 0 && max < 0) p.problem("equals", "needs equals, min or max");
    String want = equals >= 0 ? "exactly " + equals
        : min >= 0 && max >= 0 ? "between " + min + " and " + max
        : min >= 0 ? "at least " + min : "at most " + max;
    return ctx -> {
      int n = ctx.list(ref).size();
      boolean ok = (equals < 0 || n == equals) && (min < 0 || n >= min) && (max < 0 || n <= max);
      String text = "expected " + want + " " + ref.describe() + ", found " + n;
      return ok ? Outcome.pass(text) : Outcome.fail(text);
    };
  }
}
