package dev.kubelab.labs.kubevirt;

import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.labs.content.Manifests;
import dev.kubelab.labs.content.Problems;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * KubeVirt's two release manifests, fitted to a lab cluster. The operator manifest holds the
 * KubeVirt CRD, the operator's RBAC and its Deployment; the VirtualMachine and other CRDs are
 * created by virt-operator once the KubeVirt CR exists. The CR says how: one replica of each
 * control-plane component (a laptop needs no HA), emulation when no node has /dev/kvm, and in
 * manifest mode a node selector no node matches for virt-handler, so no node runs VMs.
 */
final class KubeVirtManifests {
  static final String MODE_ANNOTATION = "kubelab.dev/kubevirt-mode";
  static final String REASON_ANNOTATION = "kubelab.dev/kubevirt-reason";
  static final String VERSION_ANNOTATION = "kubelab.dev/kubevirt-version";
  /** Selects no node: in manifest mode virt-handler runs nowhere, so nothing boots VMs. */
  static final Map<String, String> NO_NODE = Map.of("kubelab.dev/kubevirt-runs-vms", "never-in-manifest-mode");

  private KubeVirtManifests() {}

  /** The operator manifest's objects, in file order, with virt-operator at one replica. */
  static List<Map<String, Object>> operator(String yaml) {
    List<Map<String, Object>> objects = parse(ReleaseFiles.OPERATOR, yaml);
    boolean crd = false;
    boolean deployment = false;
    for (Map<String, Object> o : objects) {
      if ("CustomResourceDefinition".equals(o.get("kind")) && "kubevirts.kubevirt.io".equals(name(o))) crd = true;
      if ("Deployment".equals(o.get("kind")) && "virt-operator".equals(name(o))) {
        map(o, "spec").put("replicas", 1);
        deployment = true;
      }
    }
    if (!crd || !deployment) {
      throw KubelabException.environment(ReleaseFiles.OPERATOR + " does not hold KubeVirt's CRD and the virt-operator Deployment",
          "delete the kept copy so kubelab downloads it again");
    }
    return objects;
  }

  /** The namespace KubeVirt is installed in: the operator Deployment's. */
  static String namespace(List<Map<String, Object>> operator) {
    return operator.stream().filter(o -> "Deployment".equals(o.get("kind")) && "virt-operator".equals(name(o)))
        .map(o -> (String) map(o, "metadata").get("namespace")).findFirst().orElse("kubevirt");
  }

  /**
   * The KubeVirt CR from the release's, for this mode.
   *
   * @param emulation    let QEMU emulate the CPU when a node has no /dev/kvm
   * @param anyNode      place KubeVirt's API and controller on any node (the cluster shows no control-plane nodes)
   */
  static Map<String, Object> cr(String yaml, String namespace, ModeChoice choice, boolean emulation, boolean anyNode) {
    List<Map<String, Object>> docs = parse(ReleaseFiles.CR, yaml);
    Map<String, Object> cr = docs.stream().filter(o -> "KubeVirt".equals(o.get("kind"))).findFirst()
        .orElseThrow(() -> KubelabException.environment(ReleaseFiles.CR + " holds no KubeVirt object",
            "delete the kept copy so kubelab downloads it again"));
    Map<String, Object> meta = map(cr, "metadata");
    meta.put("namespace", namespace);
    Map<String, Object> annotations = map(meta, "annotations");
    annotations.put(MODE_ANNOTATION, choice.mode().id());
    annotations.put(REASON_ANNOTATION, choice.reason());
    annotations.put(VERSION_ANNOTATION, ReleaseFiles.VERSION);
    Map<String, Object> spec = map(cr, "spec");
    Map<String, Object> infra = map(spec, "infra");
    infra.put("replicas", 1);
    if (anyNode) infra.put("nodePlacement", new LinkedHashMap<>());
    map(map(spec, "configuration"), "developerConfiguration").put("useEmulation", emulation);
    if (choice.mode() == Mode.MANIFEST) {
      map(map(spec, "workloads"), "nodePlacement").put("nodeSelector", new LinkedHashMap<>(NO_NODE));
    } else {
      spec.remove("workloads");
    }
    return cr;
  }

  private static List<Map<String, Object>> parse(String file, String yaml) {
    Problems problems = new Problems();
    List<Map<String, Object>> out = new ArrayList<>(Manifests.parse(file, yaml, problems));
    if (!problems.isEmpty()) {
      throw KubelabException.environment("the kept " + file + " is damaged: " + problems.all().get(0),
          "delete it so kubelab downloads it again");
    }
    return out;
  }

  static String name(Map<String, Object> o) {
    return o.get("metadata") instanceof Map<?, ?> m ? (String) m.get("name") : null;
  }

  /** The mapping under key, created (and made mutable) if needed. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Map<String, Object> parent, String key) {
    Object v = parent.get(key);
    Map<String, Object> m = v instanceof Map<?, ?> ? new LinkedHashMap<>((Map<String, Object>) v) : new LinkedHashMap<>();
    parent.put(key, m);
    return m;
  }
}
