package dev.kubelab.labs.check.kinds;

import dev.kubelab.labs.check.Check;
import dev.kubelab.labs.check.CheckKind;
import dev.kubelab.labs.check.Expectation;
import dev.kubelab.labs.check.Outcome;
import dev.kubelab.labs.check.Params;
import dev.kubelab.labs.check.PodExec;
import dev.kubelab.labs.check.ResourceRef;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Runs a command in a pod (by name, or the first ready pod of a selector) and matches its output. */
public final class Exec implements CheckKind {
  private static final int TIMEOUT_SECONDS = 20;

  @Override
  public String name() {
    return "exec";
  }

  @Override
  public boolean needsRealCluster() {
    return true;
  }

  @Override
  public Check create(Params p) {
    ResourceRef ref = Pods.ref(p);
    String container = p.optString("container", null);
    List<String> command = p.strings("command");
    if (command.isEmpty()) p.problem("command", "is required, as a list: [cat, /data/hello.txt]");
    Expectation expect = Expectation.read(p, List.of("equals", "contains", "matches"), false);
    ResourceRef target = ref;
    return ctx -> {
      if (!ctx.realCluster()) return Outcome.skip("needs a real cluster to run a command in a pod");
      Optional<GenericKubernetesResource> found = ctx.list(target).stream()
          .filter(r -> PodsReady.ready(ctx.asMap(r))).findFirst();
      if (found.isEmpty()) {
        return Outcome.fail("expected a running, ready " + target.describe() + " to run '" + String.join(" ", command)
            + "' in, found " + (ctx.list(target).isEmpty() ? Describe.missing(target, ctx)
            : "it is " + PodsReady.why(ctx.asMap(ctx.list(target).get(0)))));
      }
      String name = found.get().getMetadata().getName();
      PodExec.Result r;
      try {
        r = ctx.exec().run(found.get().getMetadata().getNamespace(), name, container, command, Duration.ofSeconds(TIMEOUT_SECONDS));
      } catch (IllegalStateException e) {
        return Outcome.fail(e.getMessage());
      }
      if (r.timedOut()) {
        return Outcome.fail("'" + String.join(" ", command) + "' in pod " + name + " did not finish within " + TIMEOUT_SECONDS + "s");
      }
      String output = r.output();
      return expect.test(output)
          .map(w -> Outcome.fail("'" + String.join(" ", command) + "' in pod " + name + ": " + w))
          .orElseGet(() -> Outcome.pass("'" + String.join(" ", command) + "' in pod " + name + " printed " + expect.describe()));
    };
  }
}
