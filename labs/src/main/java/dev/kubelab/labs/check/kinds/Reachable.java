package dev.kubelab.labs.check.kinds;

import dev.kubelab.labs.check.Check;
import dev.kubelab.labs.check.CheckContext;
import dev.kubelab.labs.check.CheckKind;
import dev.kubelab.labs.check.Outcome;
import dev.kubelab.labs.check.Params;
import dev.kubelab.labs.check.PodExec;
import dev.kubelab.labs.check.Probe;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Graded by traffic: a probe pod carrying the {@code from} labels connects to a Service, a pod or
 * a host on a TCP port, or fetches a URL. {@code reachable} passes once a connection succeeds,
 * {@code unreachable} once it is blocked; both retry until {@code within} seconds have passed,
 * because a NetworkPolicy takes a moment to be enforced.
 */
public final class Reachable implements CheckKind {
  private final boolean expectReachable;

  private Reachable(boolean expectReachable) {
    this.expectReachable = expectReachable;
  }

  public static Reachable reachable() {
    return new Reachable(true);
  }

  public static Reachable unreachable() {
    return new Reachable(false);
  }

  @Override
  public String name() {
    return expectReachable ? "reachable" : "unreachable";
  }

  @Override
  public boolean needsRealCluster() {
    return true;
  }

  @Override
  public Check create(Params p) {
    Object fromRaw = p.raw("from");
    Map<String, String> labels = Map.of();
    String fromNs = null;
    if (fromRaw instanceof Map<?, ?> m) {
      Params f = p.nested(m);
      fromNs = f.optString("namespace", null);
      Object l = f.raw("labels");
      if (l instanceof Map<?, ?> lm) {
        Map<String, String> out = new java.util.TreeMap<>();
        lm.forEach((k, v) -> out.put(String.valueOf(k), f.render(String.valueOf(v))));
        labels = out;
      } else {
        p.problem("from.labels", "is required: the labels the probe pod carries, e.g. {app: web}");
      }
      f.unknown().forEach(u -> p.problem("from." + u, "unknown field"));
    } else {
      p.problem("from", "is required: {labels: {...}, namespace: ...}");
    }
    Target target = Target.read(p);
    int timeout = p.integer("timeoutSeconds", 3);
    int within = p.integer("within", 20);
    String image = p.render(p.optString("probeImage", "${images.busybox}"));
    int startSeconds = p.integer("probeStartSeconds", 90);
    Map<String, String> fromLabels = labels;
    String fromLogical = fromNs;
    return ctx -> {
      if (!ctx.realCluster()) return Outcome.skip("needs a real cluster: graded by real traffic from a probe pod");
      String ns = ctx.namespace(fromLogical);
      String who = "pods labelled " + text(fromLabels) + " in namespace '" + ns + "'";
      String probe = Probe.ensure(ctx.client(), ns, fromLabels, image, Duration.ofSeconds(startSeconds));
      if (probe == null) {
        return Outcome.fail("the probe pod (" + Probe.name(fromLabels) + ") did not start within " + startSeconds + "s in namespace '"
            + ns + "': is the image " + image + " pullable, and does a quota or policy stop it?");
      }
      return attempt(ctx, ns, probe, who, target, timeout, within);
    };
  }

  private Outcome attempt(CheckContext ctx, String ns, String probe, String who, Target target, int timeout, int within) {
    Instant deadline = Instant.now().plusSeconds(within);
    Target.Attempt last;
    do {
      last = target.attempt(ctx, ns, probe, timeout);
      if (last.problem() != null) return Outcome.fail(last.problem());
      if (wanted(last)) break;
      sleep();
    } while (Instant.now().isBefore(deadline));
    String where = target.describe(ctx);
    if (wanted(last)) {
      return Outcome.pass(who + (expectReachable ? " reach " : " are blocked from ") + where);
    }
    return Outcome.fail(expectReachable
        ? "expected " + who + " to reach " + where + ", but " + last.detail() + " (tried for " + within + "s)"
        : "expected " + who + " to be blocked from " + where + ", but the connection succeeded: nothing stops this traffic yet");
  }

  /** reachable wants the answer it asked for; unreachable wants no connection at all (any HTTP answer got through). */
  private boolean wanted(Target.Attempt a) {
    return expectReachable ? a.satisfied() : !a.connected();
  }

  static String text(Map<String, String> labels) {
    return labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).reduce((a, b) -> a + "," + b).orElse("(none)");
  }

  private static void sleep() {
    try {
      Thread.sleep(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Runs one probe and reads its result; shared by both kinds. */
  static PodExec.Result run(CheckContext ctx, String ns, String probe, java.util.List<String> command, int timeout) {
    return ctx.exec().run(ns, probe, "probe", command, Duration.ofSeconds(timeout + 5L));
  }
}
