package dev.kubelab.labs.check.kinds;

import com.jayway.jsonpath.JsonPath;
import dev.kubelab.labs.check.Check;
import dev.kubelab.labs.check.CheckKind;
import dev.kubelab.labs.check.Expectation;
import dev.kubelab.labs.check.Outcome;
import dev.kubelab.labs.check.Params;
import dev.kubelab.labs.check.Paths;
import dev.kubelab.labs.check.ResourceRef;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Optional;

/** The value at a path of the object satisfies an expectation; with a selector, every match must. */
public final class Field implements CheckKind {
  @Override
  public String name() {
    return "field";
  }

  @Override
  public Check create(Params p) {
    ResourceRef ref = p.ref("resource");
    JsonPath path = Paths.compile(p, "path");
    Expectation expect = Expectation.read(p, Expectation.KEYS, false);
    return ctx -> {
      List<GenericKubernetesResource> found = ctx.list(ref);
      if (found.isEmpty()) return Outcome.fail(Describe.missing(ref, ctx));
      for (GenericKubernetesResource r : found) {
        Optional<String> wrong = expect.test(Paths.read(ctx.asMap(r), path));
        if (wrong.isPresent()) {
          return Outcome.fail(Paths.show(path) + " of " + Describe.name(r) + ": " + wrong.get());
        }
      }
      return Outcome.pass(Paths.show(path) + " is " + expect.describe());
    };
  }
}
