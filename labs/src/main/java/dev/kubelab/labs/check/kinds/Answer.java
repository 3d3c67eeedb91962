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
import java.util.Map;
import java.util.Optional;

/**
 * The learner's answer equals a literal, or a value read live from the cluster ({@code from}).
 * With a named object the path is read from it; otherwise from {@code {items: [...]}} of every
 * matching object, so "which StorageClass is the default?" is a filter over the list.
 */
public final class Answer implements CheckKind {
  @Override
  public String name() {
    return "answer";
  }

  @Override
  public Check create(Params p) {
    p.string("question");
    boolean ignoreCase = p.bool("ignoreCase", true);
    String literal = p.optString("equals", null);
    Object from = p.raw("from");
    if ((literal == null) == (from == null)) p.problem("equals", "give either equals (a literal) or from (resource and path)");
    ResourceRef ref = null;
    JsonPath path = null;
    if (from instanceof Map<?, ?> m) {
      Params f = p.nested(m);
      ref = f.ref("resource");
      path = Paths.compile(f, "path");
      f.unknown().forEach(u -> p.problem("from." + u, "unknown field"));
      f.problems().forEach(pr -> p.problem("from", pr));
    } else if (from != null) {
      p.problem("from", "must be a mapping with resource and path");
    }
    ResourceRef liveRef = ref;
    JsonPath livePath = path;
    return ctx -> {
      Optional<String> given = ctx.answer();
      if (given.isEmpty()) return Outcome.fail("no answer yet: type 'answer <check-id> <your answer>'");
      String expected = literal;
      if (expected == null) {
        Object v;
        if (liveRef.name() != null) {
          Optional<GenericKubernetesResource> r = ctx.get(liveRef);
          v = r.map(o -> Paths.read(ctx.asMap(o), livePath)).orElse(null);
        } else {
          // no single object named: the path runs over {items: [...]}, e.g. a filter for the default class
          v = Paths.read(Map.of("items", ctx.list(liveRef).stream().map(ctx::asMap).toList()), livePath);
        }
        if (v == null) return Outcome.fail("the value to compare with is not in the cluster yet (" + liveRef.describe() + ")");
        expected = String.valueOf(v instanceof java.util.List<?> l && l.size() == 1 ? l.get(0) : v);
      }
      return Expectation.equalsValue(expected, ignoreCase).test(given.get()).isEmpty()
          ? Outcome.pass("'" + given.get() + "' is right")
          : Outcome.fail("'" + given.get() + "' is not the answer");
    };
  }
}
