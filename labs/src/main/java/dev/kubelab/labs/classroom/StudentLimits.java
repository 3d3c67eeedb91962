package dev.kubelab.labs.classroom;

import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.labs.content.Problems;
import dev.kubelab.labs.content.Yaml;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What one student's namespace may use: the ResourceQuota's hard limits and the LimitRange's
 * per-container defaults. The defaults suit a class of 30 on a modest shared cluster and every
 * lab of the course; a small YAML file or flags change them.
 *
 * <pre>
 * quota:  {cpu: "4", memory: 8Gi, pods: "20", persistentVolumeClaims: "5", storage: 10Gi}
 * limits: {defaultCpu: 500m, defaultMemory: 512Mi, defaultRequestCpu: 50m, defaultRequestMemory: 64Mi}
 * </pre>
 */
public record StudentLimits(Map<String, String> quota, Map<String, String> limits) {
  public static final StudentLimits DEFAULTS = new StudentLimits(
      ordered("cpu", "4", "memory", "8Gi", "pods", "20", "persistentVolumeClaims", "5", "storage", "10Gi"),
      ordered("defaultCpu", "500m", "defaultMemory", "512Mi", "defaultRequestCpu", "50m", "defaultRequestMemory", "64Mi"));

  public StudentLimits {
    quota = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(quota));
    limits = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(limits));
  }

  /** These limits with the values of a YAML file (quota: and limits: mappings) laid over them. */
  public StudentLimits withYaml(String file, String text) {
    Problems problems = new Problems();
    Yaml doc = Yaml.parse(file, text, problems);
    doc.allowOnly(Set.of("quota", "limits"));
    Map<String, String> q = new LinkedHashMap<>(quota);
    Map<String, String> l = new LinkedHashMap<>(limits);
    read(doc.get("quota"), q);
    read(doc.get("limits"), l);
    problems.throwIfAny(file);
    return new StudentLimits(q, l);
  }

  private static void read(Yaml section, Map<String, String> into) {
    if (section.isMissing()) return;
    section.allowOnly(into.keySet());
    for (String key : section.keys()) {
      if (!into.containsKey(key)) continue;
      String v = section.get(key).string();
      if (!isQuantity(v)) section.get(key).problem("'" + v + "' is not a quantity such as 2, 500m or 4Gi");
      into.put(key, v);
    }
  }

  /** These limits with one quota value changed (from a flag); null leaves it. */
  public StudentLimits withQuota(String key, String value) {
    if (value == null) return this;
    if (!isQuantity(value)) throw KubelabException.usage("'" + value + "' is not a quantity such as 2, 500m or 4Gi", "e.g. --quota-memory 8Gi");
    Map<String, String> q = new LinkedHashMap<>(quota);
    q.put(key, value);
    return new StudentLimits(q, limits);
  }

  static boolean isQuantity(String v) {
    try {
      Quantity.getAmountInBytes(new Quantity(v));
      return !v.isBlank();
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static Map<String, String> ordered(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
    return m;
  }
}
