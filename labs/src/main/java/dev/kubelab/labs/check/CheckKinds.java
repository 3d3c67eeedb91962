package dev.kubelab.labs.check;

import dev.kubelab.labs.check.kinds.Absent;
import dev.kubelab.labs.check.kinds.Admission;
import dev.kubelab.labs.check.kinds.CanI;
import dev.kubelab.labs.check.kinds.Answer;
import dev.kubelab.labs.check.kinds.Choice;
import dev.kubelab.labs.check.kinds.Condition;
import dev.kubelab.labs.check.kinds.Count;
import dev.kubelab.labs.check.kinds.Custom;
import dev.kubelab.labs.check.kinds.Exec;
import dev.kubelab.labs.check.kinds.Exists;
import dev.kubelab.labs.check.kinds.Field;
import dev.kubelab.labs.check.kinds.Mounts;
import dev.kubelab.labs.check.kinds.Permissions;
import dev.kubelab.labs.check.kinds.Replaced;
import dev.kubelab.labs.check.kinds.PodsReady;
import dev.kubelab.labs.check.kinds.Reachable;
import dev.kubelab.labs.check.kinds.Unchanged;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/** Every check kind by name: the one list the loader and the grader use. */
public final class CheckKinds {
  private final Map<String, CheckKind> kinds = new LinkedHashMap<>();

  public CheckKinds(List<CheckKind> kinds) {
    kinds.forEach(k -> this.kinds.put(k.name(), k));
  }

  public static CheckKinds builtIn() {
    return new CheckKinds(Stream.of(new Exists(), new Absent(), new Field(), new Count(), new Condition(),
        new PodsReady(), new Exec(), new Answer(), new Choice(), new Unchanged(), new CanI(), new Admission(), Reachable.reachable(), Reachable.unreachable(), new Custom(),
        new Permissions(), new Mounts(), new Replaced()).map(CheckKind.class::cast).toList());
  }

  public Optional<CheckKind> get(String name) {
    return Optional.ofNullable(kinds.get(name));
  }

  /**
   * Binds a check as written to concrete values (namespaces, images) by rendering its strings.
   * Problems (unknown kind, bad or unknown fields, template errors) are added to {@code problems}
   * as "field: message"; the check returned then fails with the first of them.
   */
  public Check bind(dev.kubelab.labs.api.CheckSpec spec, UnaryOperator<String> render, List<String> problems) {
    Optional<CheckKind> kind = get(spec.kind());
    if (kind.isEmpty()) {
      String near = names().stream()
          .min(java.util.Comparator.comparingInt(n -> dev.kubelab.labs.api.Text.distance(n, spec.kind()))).orElse("");
      problems.add("kind: unknown kind '" + spec.kind() + "'"
          + (dev.kubelab.labs.api.Text.distance(near, spec.kind()) <= 3 ? " (did you mean '" + near + "'?)" : "; known: " + names()));
      return ctx -> Outcome.fail("unknown check kind " + spec.kind());
    }
    Params params = new Params(spec.fields(), render);
    Check check;
    try {
      check = kind.get().create(params);
    } catch (dev.kubelab.labs.content.Templates.TemplateProblem e) {
      problems.add("template: " + e.getMessage());
      return ctx -> Outcome.fail("template error: " + e.getMessage());
    }
    problems.addAll(params.problems());
    params.unknown().forEach(u -> problems.add(u + ": unknown field for kind '" + spec.kind() + "'"));
    return check;
  }

  public boolean needsRealCluster(String kind) {
    return get(kind).map(CheckKind::needsRealCluster).orElse(false);
  }

  public List<String> names() {
    return List.copyOf(kinds.keySet());
  }
}
