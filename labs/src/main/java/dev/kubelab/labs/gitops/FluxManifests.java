package dev.kubelab.labs.gitops;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Flux's release manifest ({@code install.yaml}) cut down to the two controllers the labs need:
 * source-controller fetches Git, kustomize-controller applies what it fetched. Objects that
 * belong to another controller (helm, notification, image automation, source-watcher: their
 * CRDs, accounts, Services and Deployments, all labelled {@code app.kubernetes.io/component})
 * are left out; shared objects (the namespace, RBAC, quota, network policies) stay. The kept
 * controllers stop sending events to the notification-controller that is not there.
 */
public final class FluxManifests {
  public static final Set<String> CONTROLLERS = Set.of("source-controller", "kustomize-controller");
  private static final String COMPONENT = "app.kubernetes.io/component";

  private FluxManifests() {}

  /** The objects of a multi-document YAML release manifest, in order. */
  public static List<Map<String, Object>> parse(String yaml) {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(64 * 1024 * 1024); // CRDs with their schemas make a release manifest megabytes long
    options.setMaxAliasesForCollections(200);
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object doc : new Yaml(new SafeConstructor(options)).loadAll(yaml)) {
      if (doc instanceof Map<?, ?> m && m.get("kind") != null) out.add(cast(m));
    }
    return out;
  }

  /** The objects for source-controller and kustomize-controller only (see the class comment). */
  public static List<Map<String, Object>> controllersOnly(List<Map<String, Object>> objects) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map<String, Object> o : objects) {
      String component = label(o, COMPONENT);
      if (component != null && !CONTROLLERS.contains(component)) continue;
      if ("Deployment".equals(o.get("kind"))) withoutEventsAddress(o);
      out.add(o);
    }
    return out;
  }

  /** Names of the Deployments among the objects. */
  public static List<String> deployments(List<Map<String, Object>> objects) {
    return objects.stream().filter(o -> "Deployment".equals(o.get("kind"))).map(FluxManifests::name).toList();
  }

  /** Names of the CustomResourceDefinitions among the objects. */
  public static List<String> crds(List<Map<String, Object>> objects) {
    return objects.stream().filter(o -> "CustomResourceDefinition".equals(o.get("kind"))).map(FluxManifests::name).toList();
  }

  static String name(Map<String, Object> o) {
    return o.get("metadata") instanceof Map<?, ?> m ? String.valueOf(m.get("name")) : null;
  }

  static String label(Map<String, Object> o, String key) {
    if (!(o.get("metadata") instanceof Map<?, ?> meta) || !(meta.get("labels") instanceof Map<?, ?> labels)) return null;
    Object v = labels.get(key);
    return v == null ? null : String.valueOf(v);
  }

  /** Drops {@code --events-addr=...}: with no notification-controller, every event would be a failed request. */
  private static void withoutEventsAddress(Map<String, Object> deployment) {
    for (Map<String, Object> c : containers(deployment)) {
      if (c.get("args") instanceof List<?> args) {
        c.put("args", args.stream().filter(a -> !String.valueOf(a).startsWith("--events-addr")).toList());
      }
    }
  }

  private static List<Map<String, Object>> containers(Map<String, Object> deployment) {
    Object spec = deployment.get("spec");
    Object template = spec instanceof Map<?, ?> s ? s.get("template") : null;
    Object podSpec = template instanceof Map<?, ?> t ? t.get("spec") : null;
    Object containers = podSpec instanceof Map<?, ?> p ? p.get("containers") : null;
    List<Map<String, Object>> out = new ArrayList<>();
    if (containers instanceof List<?> l) {
      for (Object c : l) if (c instanceof Map<?, ?> m) out.add(cast(m));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Map<?, ?> m) {
    return (Map<String, Object>) m;
  }
}
