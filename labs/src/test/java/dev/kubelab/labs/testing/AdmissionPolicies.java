package dev.kubelab.labs.testing;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.NullValue;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.NamedRuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.Validation;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.Variable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * ValidatingAdmissionPolicies evaluated as the API server does, for the mock: match constraints by
 * resource and operation, match conditions, variables, then each validation; the first that is
 * false (or fails to evaluate, with failurePolicy Fail) denies with its message. CEL is Google's
 * own Java implementation with the strings extension, as Kubernetes' CEL environment has. Only
 * what kubelab's policies use is covered: no params, namespace selectors or audit annotations.
 */
public final class AdmissionPolicies {
  private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
      .addVar("object", SimpleType.DYN).addVar("oldObject", SimpleType.DYN).addVar("request", SimpleType.DYN)
      .addVar("variables", SimpleType.DYN).addVar("params", SimpleType.DYN).addVar("namespaceObject", SimpleType.DYN)
      .setStandardMacros(CelStandardMacro.STANDARD_MACROS).addLibraries(CelExtensions.strings()).build();
  private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().addLibraries(CelExtensions.strings()).build();

  private AdmissionPolicies() {}

  /** One admission request: who, what, and the objects before and after (null where there is none). */
  public record Request(String username, String operation, String group, String resource, String namespace, String name,
      Map<String, Object> object, Map<String, Object> oldObject) {}

  /** Why {@code policy} denies the request, or empty when it admits it (or does not match it). */
  public static Optional<String> deny(ValidatingAdmissionPolicy policy, Request r) {
    if (!matches(policy, r)) return Optional.empty();
    Map<String, Object> vars = new LinkedHashMap<>();
    vars.put("object", r.object() == null ? NullValue.NULL_VALUE : plain(r.object()));
    vars.put("oldObject", r.oldObject() == null ? NullValue.NULL_VALUE : plain(r.oldObject()));
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("operation", r.operation());
    request.put("userInfo", Map.of("username", r.username()));
    request.put("resource", Map.of("group", r.group(), "resource", r.resource(), "version", "v1"));
    request.put("namespace", r.namespace() == null ? "" : r.namespace());
    request.put("name", r.name() == null ? "" : r.name());
    vars.put("request", request);
    vars.put("params", NullValue.NULL_VALUE);
    vars.put("namespaceObject", NullValue.NULL_VALUE);
    var spec = policy.getSpec();
    if (spec.getMatchConditions() != null) {
      for (var c : spec.getMatchConditions()) {
        if (!Boolean.TRUE.equals(eval(c.getExpression(), vars))) return Optional.empty();
      }
    }
    Map<String, Object> variables = new LinkedHashMap<>();
    vars.put("variables", variables);
    if (spec.getVariables() != null) {
      for (Variable v : spec.getVariables()) variables.put(v.getName(), eval(v.getExpression(), vars));
    }
    for (Validation v : spec.getValidations()) {
      Object ok;
      try {
        ok = eval(v.getExpression(), vars);
      } catch (IllegalStateException e) {
        return Optional.of("policy " + policy.getMetadata().getName() + " could not evaluate: " + e.getMessage());
      }
      if (Boolean.TRUE.equals(ok)) continue;
      String message = v.getMessage();
      if (v.getMessageExpression() != null) message = String.valueOf(eval(v.getMessageExpression(), vars));
      return Optional.of(message == null ? "failed expression: " + v.getExpression() : message);
    }
    return Optional.empty();
  }

  private static boolean matches(ValidatingAdmissionPolicy policy, Request r) {
    var constraints = policy.getSpec().getMatchConstraints();
    if (constraints == null || constraints.getResourceRules() == null) return false;
    for (NamedRuleWithOperations rule : constraints.getResourceRules()) {
      boolean group = rule.getApiGroups().contains("*") || rule.getApiGroups().contains(r.group());
      boolean resource = rule.getResources().contains("*") || rule.getResources().contains(r.resource());
      boolean op = rule.getOperations().contains("*") || rule.getOperations().contains(r.operation());
      if (group && resource && op) return true;
    }
    return false;
  }

  /** Evaluates one expression; compile or evaluation errors as IllegalStateException. */
  public static Object eval(String expression, Map<String, Object> vars) {
    try {
      CelAbstractSyntaxTree ast = COMPILER.compile(expression).getAst();
      return RUNTIME.createProgram(ast).eval(vars);
    } catch (CelValidationException | CelEvaluationException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** JSON as CEL takes it: whole numbers as long, maps and lists copied through. */
  @SuppressWarnings("unchecked")
  static Object plain(Object o) {
    if (o instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> { if (v != null) out.put(String.valueOf(k), plain(v)); });
      return out;
    }
    if (o instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      for (Object v : l) out.add(plain(v));
      return out;
    }
    if (o instanceof Integer i) return i.longValue();
    if (o instanceof Short s) return s.longValue();
    if (o instanceof Float f) return f.doubleValue();
    return o;
  }
}
