package dev.kubelab.labs.kubevirt;

import dev.kubelab.labs.api.CheckSpec;
import dev.kubelab.labs.check.Check;
import dev.kubelab.labs.check.CheckContext;
import dev.kubelab.labs.check.CheckKinds;
import dev.kubelab.labs.check.CustomCheck;
import dev.kubelab.labs.check.Outcome;
import dev.kubelab.labs.check.Params;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A check that depends on the KubeVirt mode: in full mode one check, in manifest mode another
 * (or, with {@code none}, nothing to grade there: it passes and says so). Both are ordinary
 * checks written inline, validated whatever the mode.
 *
 * <pre>
 * - id: vm-running
 *   kind: custom
 *   class: dev.kubelab.labs.kubevirt.ByMode
 *   mode: ${kubevirt.mode}
 *   full: {kind: field, resource: kubevirt.io/v1/VirtualMachineInstance/web, path: .status.phase, equals: Running}
 *   manifest: {kind: exists, resource: kubevirt.io/v1/VirtualMachineInstance/web}
 * </pre>
 */
public final class ByMode implements CustomCheck {
  private static final String NONE = "none";
  private String mode;
  private final Map<String, Check> branches = new LinkedHashMap<>();

  @Override
  public void configure(Params params) {
    mode = params.string("mode");
    if (Mode.parse(mode).isEmpty()) params.problem("mode", "must be full or manifest (write ${kubevirt.mode}), found '" + mode + "'");
    for (Mode m : Mode.values()) branches.put(m.id(), branch(params, m.id()));
  }

  private static Check branch(Params params, String key) {
    Object raw = params.raw(key);
    if (NONE.equals(raw)) return null;
    if (!(raw instanceof Map<?, ?> m) || !(m.get("kind") instanceof String kind)) {
      params.problem(key, "is required: the check graded in " + key + " mode, as a mapping with a kind (or the word none)");
      return ctx -> Outcome.fail("broken check");
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    m.forEach((k, v) -> {
      if (!"kind".equals(k)) fields.put(String.valueOf(k), v);
    });
    List<String> problems = new ArrayList<>();
    Check check = CheckKinds.builtIn().bind(new CheckSpec(key, kind, 1, null, null, fields, key), params::render, problems);
    problems.forEach(p -> params.problem(key, p));
    return check;
  }

  @Override
  public Outcome evaluate(CheckContext ctx) {
    if (!branches.containsKey(mode)) return Outcome.fail("the KubeVirt mode is unknown ('" + mode + "'): is KubeVirt installed?");
    Check check = branches.get(mode);
    if (check == null) {
      return Outcome.pass("not graded in " + mode + " mode: " + (Mode.parse(mode).orElseThrow() == Mode.MANIFEST
          ? "no VM boots on this cluster" : "it only applies when VMs cannot boot"));
    }
    Outcome o = check.evaluate(ctx);
    return new Outcome(o.passed(), "(" + mode + " mode) " + o.detail(), o.skipped());
  }
}
