package dev.kubelab.labs.kustomize;

import dev.kubelab.labs.check.CheckContext;
import dev.kubelab.labs.check.CustomCheck;
import dev.kubelab.labs.check.Outcome;
import dev.kubelab.labs.check.Params;
import dev.kubelab.labs.check.ResourceRef;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A Deployment uses a ConfigMap made by Kustomize's configMapGenerator: the name it refers to is
 * the generator's name plus the content hash Kustomize appends, that ConfigMap exists, and it holds
 * the expected value. A fixed name (a ConfigMap written by hand) fails, as does a reference to a
 * ConfigMap that is not there. Named in content as {@code kind: custom, class:
 * dev.kubelab.labs.kustomize.GeneratedConfigMap} with:
 *
 * <pre>
 * deployment: prod-web          # required: the Deployment, in the check's namespace
 * namespace: prod               # a logical namespace of the lab; default: the first
 * configMap: prod-web-config    # required: the generated name before its hash (prefix included)
 * key: GREETING                 # required, with value: what the ConfigMap must hold
 * value: hello from prod
 * </pre>
 */
public final class GeneratedConfigMap implements CustomCheck {
  /** Kustomize's suffix: a dash and ten characters of its hash alphabet (no vowels, no look-alikes). */
  private static final String HASH = "-[bcdfghkmt2-9]{10}";
  private String deployment;
  private String namespace;
  private String configMap;
  private String key;
  private String value;

  @Override
  public void configure(Params p) {
    deployment = p.string("deployment");
    namespace = p.optString("namespace", null);
    configMap = p.string("configMap");
    key = p.string("key");
    value = p.optString("value", null);
    if (value == null) p.problem("value", "is required: what " + key + " must hold");
  }

  @Override
  public Outcome evaluate(CheckContext ctx) {
    var found = ctx.get(new ResourceRef("apps/v1", "Deployment", deployment, Map.of(), namespace));
    String ns = ctx.namespace(namespace);
    if (found.isEmpty()) return Outcome.fail("there is no Deployment " + deployment + " in " + ns + " yet");
    Set<String> refs = references(ctx.asMap(found.get()));
    Pattern generated = Pattern.compile(Pattern.quote(configMap) + HASH);
    List<String> hashed = refs.stream().filter(r -> generated.matcher(r).matches()).toList();
    if (hashed.isEmpty()) {
      if (refs.isEmpty()) return Outcome.fail("the Deployment " + deployment + " uses no ConfigMap; expected one generated as " + configMap + "-<hash>");
      return Outcome.fail("the Deployment " + deployment + " uses the ConfigMap " + String.join(", ", refs) + "; expected a name a"
          + " configMapGenerator made, " + configMap + "-<hash>: a fixed name never changes, so pods are not rolled when the data does");
    }
    List<String> wrong = new ArrayList<>();
    for (String name : hashed) {
      var cm = ctx.get(new ResourceRef("v1", "ConfigMap", name, Map.of(), namespace));
      if (cm.isEmpty()) {
        wrong.add("the Deployment uses the ConfigMap " + name + ", which does not exist in " + ns);
        continue;
      }
      Object data = ctx.asMap(cm.get()).get("data");
      Object actual = data instanceof Map<?, ?> d ? d.get(key) : null;
      if (value.equals(actual)) return Outcome.pass("the Deployment " + deployment + " uses " + name + " with " + key + "=" + value);
      wrong.add("the ConfigMap " + name + " has " + key + (actual == null ? " unset" : "='" + actual + "'") + ", expected '" + value + "'");
    }
    return Outcome.fail(String.join("; ", wrong));
  }

  /** The ConfigMaps the pod template names: envFrom, env valueFrom and volumes (projected ones too). */
  @SuppressWarnings("unchecked")
  static Set<String> references(Map<String, Object> deployment) {
    Set<String> out = new LinkedHashSet<>();
    Map<String, Object> pod = dig(deployment, "spec", "template", "spec");
    List<Object> containers = new ArrayList<>(list(pod.get("containers")));
    containers.addAll(list(pod.get("initContainers")));
    for (Object c : containers) {
      if (!(c instanceof Map<?, ?> container)) continue;
      for (Object from : list(container.get("envFrom"))) name(dig((Map<String, Object>) from, "configMapRef"), out);
      for (Object env : list(container.get("env"))) name(dig((Map<String, Object>) env, "valueFrom", "configMapKeyRef"), out);
    }
    for (Object v : list(pod.get("volumes"))) {
      Map<String, Object> volume = (Map<String, Object>) v;
      name(dig(volume, "configMap"), out);
      for (Object s : list(dig(volume, "projected").get("sources"))) name(dig((Map<String, Object>) s, "configMap"), out);
    }
    return out;
  }

  private static void name(Map<String, Object> ref, Set<String> out) {
    if (ref.get("name") instanceof String n) out.add(n);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> dig(Map<String, Object> m, String... keys) {
    Map<String, Object> at = m == null ? Map.of() : m;
    for (String k : keys) {
      at = at.get(k) instanceof Map<?, ?> next ? (Map<String, Object>) next : Map.of();
    }
    return at;
  }

  private static List<Object> list(Object o) {
    return o instanceof List<?> l ? new ArrayList<>(l) : List.of();
  }
}
