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
    Object fromLog = p.raw("fromLog");
    int sources = (literal == null ? 0 : 1) + (from == null ? 0 : 1) + (fromLog == null ? 0 : 1);
    if (sources != 1) {
      p.problem("equals", "give one of equals (a literal), from (resource and path) or fromLog (a pod's log and a pattern)");
    }
    LogSource log = fromLog == null ? null : LogSource.of(p, fromLog);
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
      Optional<String> typed = ctx.answer();
      if (typed.isEmpty()) return Outcome.fail("no answer yet: type 'answer <check-id> <your answer>'");
      Optional<String> given = typed.map(Answer::tidy);
      String expected = literal;
      if (log != null) {
        if (!ctx.realCluster()) return Outcome.skip("reads a pod's log, which needs a real cluster");
        Optional<String> found;
        try {
          found = log.read(ctx);
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
          return Outcome.fail("cannot read the log to compare with: " + e.getMessage());
        }
        if (found.isEmpty()) return Outcome.fail("the value to compare with is not in " + log.describe() + " yet");
        expected = found.get();
      } else if (expected == null) {
        Object v;
        if (liveRef.name() != null) {
          Optional<GenericKubernetesResource> r = ctx.get(liveRef);
          v = r.map(o -> Paths.read(ctx.asMap(o), livePath)).orElse(null);
        } else {
          // no single object named: the path runs over {items: [...]}, e.g. a filter for the default class
          v = Paths.read(Map.of("items", ctx.list(liveRef).stream().map(ctx::asMap).toList()), livePath);
        }
        if (v == null || (v instanceof java.util.List<?> none && none.isEmpty())) {
          return Outcome.fail("the value to compare with is not in the cluster yet (" + liveRef.describe() + ")");
        }
        if (v instanceof java.util.List<?> l && l.size() > 1) {
          // several objects answer (two FailedScheduling events): any of their values is right
          String answer = given.get();
          boolean any = l.stream().anyMatch(x -> Expectation.equalsValue(tidy(String.valueOf(x)), ignoreCase).test(answer).isEmpty());
          return any ? Outcome.pass("'" + answer + "' is right") : Outcome.fail("'" + answer + "' is not the answer");
        }
        expected = String.valueOf(v instanceof java.util.List<?> l ? l.get(0) : v);
      }
      return Expectation.equalsValue(tidy(expected), ignoreCase).test(given.get()).isEmpty()
          ? Outcome.pass("'" + given.get() + "' is right")
          : Outcome.fail("'" + given.get() + "' is not the answer");
    };
  }

  /** Spacing carries no meaning in an answer: "Ready, SchedulingDisabled" is "Ready,SchedulingDisabled". */
  static String tidy(String s) {
    return s.strip().replaceAll("\\s*,\\s*", ",").replaceAll("\\s+", " ");
  }

  /**
   * {@code fromLog}: the expected answer is read from a pod's log — the last line matching
   * {@code matches}, its first group if it has one. {@code previous} reads the container that
   * ended last (a CrashLoopBackOff's reason).
   */
  record LogSource(ResourceRef pod, String container, boolean previous, java.util.regex.Pattern matches) {
    static LogSource of(Params p, Object raw) {
      if (!(raw instanceof Map<?, ?> m)) {
        p.problem("fromLog", "must be a mapping with resource and matches");
        return null;
      }
      Params f = p.nested(m);
      ResourceRef pod = f.ref("resource");
      String container = f.optString("container", null);
      boolean previous = f.bool("previous", false);
      java.util.regex.Pattern pattern = null;
      try {
        pattern = java.util.regex.Pattern.compile(f.string("matches"));
      } catch (java.util.regex.PatternSyntaxException e) {
        p.problem("fromLog.matches", "is not a regular expression: " + e.getDescription());
      }
      f.unknown().forEach(u -> p.problem("fromLog." + u, "unknown field"));
      f.problems().forEach(pr -> p.problem("fromLog", pr));
      if (pod != null && !"Pod".equals(pod.kind())) p.problem("fromLog.resource", "must name a Pod (v1/Pod/NAME) or select pods");
      return new LogSource(pod, container, previous, pattern);
    }

    String describe() {
      return (previous ? "the previous log of " : "the log of ") + pod.describe();
    }

    Optional<String> read(dev.kubelab.labs.check.CheckContext ctx) {
      Optional<GenericKubernetesResource> first = ctx.list(pod).stream().findFirst();
      if (first.isEmpty()) return Optional.empty();
      var op = ctx.client().pods().inNamespace(first.get().getMetadata().getNamespace()).withName(first.get().getMetadata().getName());
      String text;
      if (container != null) text = previous ? op.inContainer(container).terminated().getLog() : op.inContainer(container).getLog();
      else text = previous ? op.terminated().getLog() : op.getLog();
      String found = null;
      for (String line : (text == null ? "" : text).split("\\R")) {
        java.util.regex.Matcher m = matches.matcher(line);
        if (m.find()) found = (m.groupCount() > 0 && m.group(1) != null ? m.group(1) : m.group()).strip();
      }
      return Optional.ofNullable(found);
    }
  }
}
