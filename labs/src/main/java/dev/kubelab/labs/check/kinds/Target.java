package dev.kubelab.labs.check.kinds;

import dev.kubelab.labs.check.CheckContext;
import dev.kubelab.labs.check.Params;
import dev.kubelab.labs.check.PodExec;
import dev.kubelab.labs.check.ResourceRef;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where a traffic check connects to: a Service, a pod picked by selector, or a host; over TCP or HTTP. */
record Target(String service, ResourceRef pod, String host, String namespace, int port, String path, int status,
    String bodyContains) {
  private static final Pattern STATUS = Pattern.compile("HTTP/\\d(?:\\.\\d)? (\\d{3})");

  static Target read(Params p) {
    Object raw = p.raw("to");
    if (!(raw instanceof Map<?, ?> m)) {
      p.problem("to", "is required: {service: NAME, port: N}, {pod: SELECTOR, port: N} or {host: NAME, port: N}");
      return new Target(null, null, "invalid", null, 1, null, 0, null);
    }
    Params t = p.nested(m);
    String service = t.optString("service", null);
    String selector = t.optString("pod", null);
    String host = t.optString("host", null);
    if ((service != null ? 1 : 0) + (selector != null ? 1 : 0) + (host != null ? 1 : 0) != 1) {
      p.problem("to", "give exactly one of service, pod (a label selector) or host");
    }
    ResourceRef pod = null;
    if (selector != null) {
      try {
        pod = new ResourceRef("v1", "Pod", null, ResourceRef.selector(selector), t.optString("namespace", null));
      } catch (IllegalArgumentException e) {
        p.problem("to.pod", e.getMessage());
      }
    }
    String ns = selector == null ? t.optString("namespace", null) : pod == null ? null : pod.namespace();
    int port = t.integer("port", 0);
    if (port < 1 || port > 65535) p.problem("to.port", "is required: a port from 1 to 65535");
    String path = null;
    int status = 0;
    String body = null;
    Object http = t.raw("http");
    if (http instanceof Map<?, ?> hm) {
      Params h = t.nested(hm);
      path = h.optString("path", "/");
      status = h.integer("status", 200);
      body = h.optString("bodyContains", null);
      h.unknown().forEach(u -> p.problem("to.http." + u, "unknown field"));
    } else if (http != null) {
      p.problem("to.http", "must be a mapping: {path, status, bodyContains}");
    }
    t.unknown().forEach(u -> p.problem("to." + u, "unknown field"));
    t.problems().forEach(pr -> p.problem("to", pr));
    return new Target(service, pod, host, ns, port, path, status, body);
  }

  /** One try: did the probe connect at all, and was the answer what the check wants? */
  record Attempt(boolean connected, boolean satisfied, String detail, String problem) {}

  Attempt attempt(CheckContext ctx, String probeNs, String probe, int timeout) {
    String h = host == null ? null : nodeAddress(ctx, host).orElse(host);
    if (service != null) {
      h = service + "." + ctx.namespace(namespace); // resolved through the pod's DNS search path
    } else if (pod != null) {
      Optional<String> ip = ctx.list(pod).stream().map(r -> podIp(ctx, r)).filter(i -> i != null).findFirst();
      if (ip.isEmpty()) return new Attempt(false, false, null, "no running pod with " + pod.selectorText() + " to connect to yet");
      h = ip.get();
    }
    List<String> command = path == null
        ? List.of("nc", "-z", "-w", String.valueOf(timeout), h, String.valueOf(port))
        : List.of("sh", "-c", "wget -S -q -T " + timeout + " -O - 'http://" + h + ":" + port + path + "' 2>&1");
    PodExec.Result r;
    try {
      r = Reachable.run(ctx, probeNs, probe, command, timeout);
    } catch (IllegalStateException e) {
      return new Attempt(false, false, null, e.getMessage());
    }
    String out = r.output() == null ? "" : r.output();
    if (path == null) {
      if (r.exitCode() == 0) return new Attempt(true, true, "it connected", null);
      return new Attempt(false, false, why(out, h), null);
    }
    Matcher m = STATUS.matcher(out);
    Integer got = null;
    while (m.find()) got = Integer.parseInt(m.group(1)); // the last status line (after redirects)
    if (got == null) return new Attempt(false, false, why(out, h), null);
    boolean ok = got == status && (bodyContains == null || out.contains(bodyContains));
    String detail = got != status ? "it answered HTTP " + got + ", not " + status
        : ok ? "it answered HTTP " + got : "the answer did not contain '" + bodyContains + "'";
    return new Attempt(true, ok, detail, null);
  }

  /**
   * A host that names a node is reached at the node's InternalIP: node names resolve in cluster
   * DNS only on k3s (its CoreDNS NodeHosts), not on kubeadm, kind or cloud clusters.
   */
  static Optional<String> nodeAddress(CheckContext ctx, String host) {
    List<GenericKubernetesResource> nodes;
    try {
      nodes = ctx.list(new ResourceRef("v1", "Node", host, Map.of(), null));
    } catch (dev.kubelab.labs.api.KubelabException e) {
      return Optional.empty(); // an identity that may not read nodes: the name is all there is
    }
    return nodes.stream().findFirst().flatMap(n -> {
      if (!(ctx.asMap(n).get("status") instanceof Map<?, ?> st) || !(st.get("addresses") instanceof List<?> addresses)) {
        return Optional.empty();
      }
      return addresses.stream().filter(a -> a instanceof Map<?, ?> m && "InternalIP".equals(m.get("type")))
          .map(a -> String.valueOf(((Map<?, ?>) a).get("address"))).findFirst();
    });
  }

  private static String why(String output, String host) {
    String o = output.toLowerCase();
    if (o.contains("bad address") || o.contains("unknown host") || o.contains("resolve")) {
      return "the name " + host + " did not resolve (no such Service, or DNS traffic is blocked)";
    }
    if (o.contains("refused") || o.contains("unreachable")) {
      // k3s's policy controller (kube-router) rejects blocked connections rather than dropping them
      return "the connection was refused: a NetworkPolicy rejects it, or nothing listens on that port"
          + " (check the policies, the port, and that the pods behind it run)";
    }
    return "the connection timed out: a NetworkPolicy dropping it, or nothing behind the address";
  }

  private static String podIp(CheckContext ctx, GenericKubernetesResource r) {
    return ctx.asMap(r).get("status") instanceof Map<?, ?> s && s.get("podIP") instanceof String ip && !ip.isBlank() ? ip : null;
  }

  String describe(CheckContext ctx) {
    String where = service != null ? "Service " + service + (namespace == null ? "" : " in namespace '" + ctx.namespace(namespace) + "'")
        : pod != null ? "pods with " + pod.selectorText() : host;
    return where + (path == null ? " on TCP port " + port : " over HTTP at port " + port + path);
  }
}
