package dev.kubelab.labs.check.kinds;

import dev.kubelab.labs.check.Check;
import dev.kubelab.labs.check.CheckKind;
import dev.kubelab.labs.check.Outcome;
import dev.kubelab.labs.check.Params;
import dev.kubelab.labs.check.ResourceRef;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;

/** At least {@code min} pods behind a selector are Running and Ready, optionally on distinct nodes. */
public final class PodsReady implements CheckKind {
  @Override
  public String name() {
    return "pods-ready";
  }

  @Override
  public Check create(Params p) {
    ResourceRef pods = Pods.ref(p);
    int min = p.integer("min", 1);
    boolean distinct = p.bool("distinctNodes", false);
    ResourceRef ref = pods;
    return ctx -> {
      List<GenericKubernetesResource> all = ctx.list(ref);
      List<GenericKubernetesResource> ready = all.stream().filter(r -> ready(ctx.asMap(r))).toList();
      long count = distinct
          ? ready.stream().map(r -> node(ctx.asMap(r))).filter(n -> n != null).distinct().count()
          : ready.size();
      String want = min + " ready pod" + (min == 1 ? "" : "s") + " " + ref.describe().replaceFirst("^Pods? ", "")
          + (distinct ? " on " + min + " different nodes" : "");
      if (count >= min) return Outcome.pass(want);
      StringBuilder sb = new StringBuilder("expected ").append(want).append(", found ").append(count);
      if (distinct && ready.size() > count) sb.append(" distinct node(s) for ").append(ready.size()).append(" ready pods");
      if (all.isEmpty()) sb.append(": no ").append(ref.describe()).append(" in namespace '")
          .append(ctx.namespace(ref.namespace())).append("'");
      all.stream().filter(r -> !ready(ctx.asMap(r))).limit(3)
          .forEach(r -> sb.append("; pod ").append(r.getMetadata().getName()).append(" is ").append(why(ctx.asMap(r))));
      return Outcome.fail(sb.toString());
    };
  }

  static boolean ready(Map<String, Object> pod) {
    Map<String, Object> cond = Condition.find(pod, "Ready");
    return "Running".equals(status(pod).get("phase")) && cond != null && "True".equals(cond.get("status"))
        && ((Map<?, ?>) pod.getOrDefault("metadata", Map.of())).get("deletionTimestamp") == null;
  }

  private static String node(Map<String, Object> pod) {
    return pod.get("spec") instanceof Map<?, ?> s ? (String) s.get("nodeName") : null;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> status(Map<String, Object> pod) {
    return pod.get("status") instanceof Map<?, ?> s ? (Map<String, Object>) s : Map.of();
  }

  /** The most telling reason a pod is not ready: a waiting container's reason, or why it is unscheduled. */
  static String why(Map<String, Object> pod) {
    Map<String, Object> status = status(pod);
    if (status.get("containerStatuses") instanceof List<?> cs) {
      for (Object o : cs) {
        if (o instanceof Map<?, ?> c && c.get("state") instanceof Map<?, ?> st) {
          if (st.get("waiting") instanceof Map<?, ?> w && w.get("reason") != null) return String.valueOf(w.get("reason"));
          if (st.get("terminated") instanceof Map<?, ?> t && t.get("reason") != null) return "terminated: " + t.get("reason");
        }
      }
    }
    Map<String, Object> scheduled = Condition.find(pod, "PodScheduled");
    if (scheduled != null && "False".equals(scheduled.get("status"))) {
      return "Pending (" + scheduled.getOrDefault("reason", "not scheduled") + ": " + scheduled.getOrDefault("message", "") + ")";
    }
    Object phase = status.get("phase");
    return phase == null ? "not started yet" : phase + ", not Ready";
  }
}
