package dev.kubelab.labs.testing;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The object a PATCH would leave, for admission in the mock: merge patches (JSON merge,
 * strategic merge and server-side apply alike, lists replaced whole) and JSON patches (add,
 * replace, remove). Close enough for deciding admission; the CRUD mock still stores the real result.
 */
final class Patches {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private Patches() {}

  @SuppressWarnings("unchecked")
  static Map<String, Object> apply(Map<String, Object> old, String contentType, String body) {
    Map<String, Object> base = old == null ? new LinkedHashMap<>() : copy(old);
    if (contentType != null && contentType.startsWith("application/json-patch+json")) {
      List<Map<String, Object>> ops = JSON.unmarshal(body, List.class);
      for (Map<String, Object> op : ops) jsonPatch(base, String.valueOf(op.get("op")), String.valueOf(op.get("path")), op.get("value"));
      return base;
    }
    return merge(base, JSON.unmarshal(body, Map.class));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> patch) {
    for (var e : patch.entrySet()) {
      if (e.getValue() == null) {
        base.remove(e.getKey());
      } else if (e.getValue() instanceof Map<?, ?> m && base.get(e.getKey()) instanceof Map<?, ?> b) {
        base.put(e.getKey(), merge(copy((Map<String, Object>) b), (Map<String, Object>) m));
      } else {
        base.put(e.getKey(), e.getValue());
      }
    }
    return base;
  }

  @SuppressWarnings("unchecked")
  private static void jsonPatch(Map<String, Object> root, String op, String path, Object value) {
    List<String> keys = new ArrayList<>();
    for (String k : path.substring(1).split("/", -1)) keys.add(k.replace("~1", "/").replace("~0", "~"));
    Object parent = root;
    for (int i = 0; i < keys.size() - 1; i++) {
      Object next = parent instanceof Map<?, ?> m ? m.get(keys.get(i)) : ((List<Object>) parent).get(Integer.parseInt(keys.get(i)));
      if (next == null && parent instanceof Map<?, ?> m) {
        next = new LinkedHashMap<String, Object>();
        ((Map<String, Object>) m).put(keys.get(i), next);
      }
      parent = next;
    }
    String last = keys.get(keys.size() - 1);
    if (parent instanceof Map<?, ?> m) {
      if (op.equals("remove")) m.remove(last);
      else ((Map<String, Object>) m).put(last, value);
    } else if (parent instanceof List<?> l) {
      List<Object> list = (List<Object>) l;
      int index = last.equals("-") ? list.size() : Integer.parseInt(last);
      switch (op) {
        case "remove" -> list.remove(index);
        case "replace" -> list.set(index, value);
        default -> list.add(index, value);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> copy(Map<String, Object> m) {
    return JSON.unmarshal(JSON.asJson(m), Map.class);
  }
}
