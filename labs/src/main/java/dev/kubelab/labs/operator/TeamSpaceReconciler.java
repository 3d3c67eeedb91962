package dev.kubelab.labs.operator;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One level-triggered pass for one TeamSpace: reads the desired state (its spec) and the actual
 * state (its children as they are now), makes the children match, and reports in its status what
 * it saw: {@code observedGeneration}, a Ready condition, and how many children it had to put back
 * after the spec was in force, {@code recreated} (someone deleted them) and {@code reverted}
 * (someone changed them by hand). It never asks what event woke it, so a missed event is healed by
 * the next pass.
 */
final class TeamSpaceReconciler {
  static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  static final String OPERATOR = "teamspace-operator";
  static final String TEAMSPACE_LABEL = "kubelab.dev/teamspace";

  private final KubernetesClient client;
  private final String namespace;

  TeamSpaceReconciler(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  /** Every TeamSpace of the namespace, read from the API server, not a cache. */
  void reconcileAll() {
    client.genericKubernetesResources(TeamSpaceOperator.context(namespace)).inNamespace(namespace).list().getItems()
        .forEach(cr -> reconcile(cr.getMetadata().getName()));
  }

  /**
   * The TeamSpace of that name, if it still exists; a deleted one's children go with it through
   * their ownerReferences. Someone else's write in between (409 Conflict) means reading again and
   * deciding again, as any controller does.
   */
  void reconcile(String name) {
    for (int attempt = 1; ; attempt++) {
      GenericKubernetesResource cr = client.genericKubernetesResources(TeamSpaceOperator.context(namespace)).inNamespace(namespace)
          .withName(name).get();
      if (cr == null) return;
      try {
        reconcile(cr);
        return;
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 3) throw e;
      }
    }
  }

  void reconcile(GenericKubernetesResource cr) {
    if (cr.getMetadata().getDeletionTimestamp() != null) return;
    Map<String, Object> status = map(cr.getAdditionalProperties().get("status"));
    Long generation = cr.getMetadata().getGeneration();
    Object observed = status.get("observedGeneration");
    // the spec was already in force: a child that differs now was changed (or deleted) behind the operator's back
    boolean specInForce = observed != null && generation != null && observed.toString().equals(generation.toString())
        && "True".equals(readyStatus(status));
    Repairs repairs = new Repairs(count(status.get("recreated")), count(status.get("reverted")));
    Spec spec;
    try {
      spec = Spec.of(cr);
    } catch (IllegalArgumentException e) {
      writeStatus(cr, status, generation, "False", "InvalidSpec", e.getMessage(), repairs);
      return;
    }
    OwnerReference owner = new OwnerReferenceBuilder().withApiVersion(cr.getApiVersion()).withKind(cr.getKind())
        .withName(cr.getMetadata().getName()).withUid(cr.getMetadata().getUid()).withController(true).withBlockOwnerDeletion(true).build();
    List<Change> changes = new ArrayList<>();
    changes.add(ensure(quota(cr, spec, owner), ResourceQuota.class,
        (want, have) -> sameHard(want.getSpec().getHard(), have.getSpec() == null ? null : have.getSpec().getHard())));
    changes.add(ensure(roleBinding(cr, spec, owner), RoleBinding.class, (want, have) -> subjects(want).equals(subjects(have))
        && have.getRoleRef() != null && "ClusterRole".equals(have.getRoleRef().getKind()) && "edit".equals(have.getRoleRef().getName())));
    changes.add(ensure(networkPolicy(cr, owner), NetworkPolicy.class, (want, have) -> denyAllIngress(have)));
    if (specInForce) {
      repairs = new Repairs(repairs.recreated() + changes.stream().filter(c -> c == Change.CREATED).count(),
          repairs.reverted() + changes.stream().filter(c -> c == Change.UPDATED).count());
    }
    writeStatus(cr, status, generation, "True", "Reconciled",
        "ResourceQuota " + cr.getMetadata().getName() + ", RoleBinding " + cr.getMetadata().getName() + "-edit and NetworkPolicy "
            + cr.getMetadata().getName() + "-default-deny match the spec", repairs);
  }

  /** What a pass did to one child. */
  private enum Change { NONE, CREATED, UPDATED }

  /** Children put back after the spec was in force: made again after a delete, changed back after an edit by hand. */
  record Repairs(long recreated, long reverted) {}

  private static long count(Object value) {
    return value instanceof Number n ? n.longValue() : 0;
  }

  /** Creates the child or makes it match, saying which it had to do. */
  private <T extends HasMetadata> Change ensure(T want, Class<T> type, java.util.function.BiPredicate<T, T> sameSpec) {
    T have = client.resources(type).inNamespace(namespace).withName(want.getMetadata().getName()).get();
    if (have == null) {
      client.resources(type).inNamespace(namespace).resource(want).create();
      return Change.CREATED;
    }
    String ownerUid = want.getMetadata().getOwnerReferences().get(0).getUid();
    boolean owned = have.getMetadata().getOwnerReferences() != null
        && have.getMetadata().getOwnerReferences().stream().anyMatch(o -> Objects.equals(o.getUid(), ownerUid));
    boolean labelled = have.getMetadata().getLabels() != null
        && have.getMetadata().getLabels().entrySet().containsAll(want.getMetadata().getLabels().entrySet());
    if (owned && labelled && sameSpec.test(want, have)) return Change.NONE;
    want.getMetadata().setResourceVersion(have.getMetadata().getResourceVersion());
    Map<String, String> labels = new LinkedHashMap<>(have.getMetadata().getLabels() == null ? Map.of() : have.getMetadata().getLabels());
    labels.putAll(want.getMetadata().getLabels());
    want.getMetadata().setLabels(labels);
    client.resources(type).inNamespace(namespace).resource(want).update();
    return Change.UPDATED;
  }

  /** Compared by meaning, not by object equality, so defaults the API server fills in never look like drift. */
  private static List<String> subjects(RoleBinding rb) {
    return rb.getSubjects() == null ? List.of() : rb.getSubjects().stream().map(x -> x.getKind() + "/" + x.getName()).sorted().toList();
  }

  private static boolean denyAllIngress(NetworkPolicy np) {
    var spec = np.getSpec();
    if (spec == null || spec.getPodSelector() == null) return false;
    var selector = spec.getPodSelector();
    boolean everyPod = (selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
        && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty());
    return everyPod && List.of("Ingress").equals(spec.getPolicyTypes()) && (spec.getIngress() == null || spec.getIngress().isEmpty());
  }

  private static boolean sameHard(Map<String, Quantity> want, Map<String, Quantity> have) {
    if (have == null || !have.keySet().equals(want.keySet())) return false;
    return want.entrySet().stream().allMatch(e -> amount(e.getValue()).compareTo(amount(have.get(e.getKey()))) == 0);
  }

  private static BigDecimal amount(Quantity q) {
    try {
      return q == null ? BigDecimal.valueOf(-1) : q.getNumericalAmount();
    } catch (RuntimeException e) {
      return BigDecimal.valueOf(-1);
    }
  }

  private ResourceQuota quota(GenericKubernetesResource cr, Spec spec, OwnerReference owner) {
    Map<String, Quantity> hard = new LinkedHashMap<>();
    hard.put("requests.cpu", spec.cpu());
    hard.put("requests.memory", spec.memory());
    hard.put("pods", new Quantity(Long.toString(spec.pods())));
    return new ResourceQuotaBuilder().withNewMetadata().withName(cr.getMetadata().getName()).withNamespace(namespace)
        .withLabels(labels(cr)).withOwnerReferences(owner).endMetadata().withNewSpec().withHard(hard).endSpec().build();
  }

  private RoleBinding roleBinding(GenericKubernetesResource cr, Spec spec, OwnerReference owner) {
    return new RoleBindingBuilder().withNewMetadata().withName(cr.getMetadata().getName() + "-edit").withNamespace(namespace)
        .withLabels(labels(cr)).withOwnerReferences(owner).endMetadata()
        .withSubjects(new SubjectBuilder().withKind("Group").withApiGroup("rbac.authorization.k8s.io").withName(spec.group()).build())
        .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName("edit").endRoleRef().build();
  }

  private NetworkPolicy networkPolicy(GenericKubernetesResource cr, OwnerReference owner) {
    return new NetworkPolicyBuilder().withNewMetadata().withName(cr.getMetadata().getName() + "-default-deny").withNamespace(namespace)
        .withLabels(labels(cr)).withOwnerReferences(owner).endMetadata()
        .withNewSpec().withPodSelector(new LabelSelectorBuilder().build()).withPolicyTypes("Ingress").endSpec().build();
  }

  private static Map<String, String> labels(GenericKubernetesResource cr) {
    return Map.of(MANAGED_BY, OPERATOR, TEAMSPACE_LABEL, cr.getMetadata().getName());
  }

  /** Writes the status only when it says something new, so the operator's own write does not wake it forever. */
  private void writeStatus(GenericKubernetesResource cr, Map<String, Object> old, Long generation, String ready, String reason,
      String message, Repairs repairs) {
    Map<String, Object> oldReady = readyCondition(old);
    boolean same = oldReady != null && ready.equals(oldReady.get("status")) && reason.equals(oldReady.get("reason"))
        && message.equals(oldReady.get("message")) && Objects.equals(String.valueOf(generation), String.valueOf(old.get("observedGeneration")))
        && old.get("recreated") instanceof Number c && c.longValue() == repairs.recreated()
        && old.get("reverted") instanceof Number r && r.longValue() == repairs.reverted();
    if (same) return;
    Map<String, Object> condition = new LinkedHashMap<>();
    condition.put("type", "Ready");
    condition.put("status", ready);
    condition.put("reason", reason);
    condition.put("message", message);
    condition.put("observedGeneration", generation);
    condition.put("lastTransitionTime", oldReady != null && ready.equals(oldReady.get("status")) && oldReady.get("lastTransitionTime") != null
        ? oldReady.get("lastTransitionTime") : Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("observedGeneration", generation);
    status.put("conditions", List.of(condition));
    status.put("recreated", repairs.recreated());
    status.put("reverted", repairs.reverted());
    cr.getAdditionalProperties().put("status", status);
    client.genericKubernetesResources(TeamSpaceOperator.context(namespace)).inNamespace(namespace).resource(cr).updateStatus();
  }

  private static String readyStatus(Map<String, Object> status) {
    Map<String, Object> c = readyCondition(status);
    return c == null ? null : String.valueOf(c.get("status"));
  }

  private static Map<String, Object> readyCondition(Map<String, Object> status) {
    if (!(status.get("conditions") instanceof List<?> list)) return null;
    for (Object o : list) {
      Map<String, Object> c = map(o);
      if ("Ready".equals(c.get("type"))) return c;
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  /** What a TeamSpace asks for; a value the operator cannot use is an IllegalArgumentException saying which. */
  record Spec(String group, Quantity cpu, Quantity memory, long pods) {
    static Spec of(GenericKubernetesResource cr) {
      Map<String, Object> spec = map(cr.getAdditionalProperties().get("spec"));
      Map<String, Object> quota = map(spec.get("quota"));
      List<String> problems = new ArrayList<>();
      String group = spec.get("group") instanceof String s && !s.isBlank() ? s : null;
      if (group == null) problems.add("spec.group is missing");
      Quantity cpu = quantity(quota.get("cpu"), "spec.quota.cpu", problems);
      Quantity memory = quantity(quota.get("memory"), "spec.quota.memory", problems);
      long pods = quota.get("pods") instanceof Number n ? n.longValue() : -1;
      if (pods < 1) problems.add("spec.quota.pods must be a whole number of at least 1");
      if (!problems.isEmpty()) throw new IllegalArgumentException(String.join("; ", problems));
      return new Spec(group, cpu, memory, pods);
    }

    private static Quantity quantity(Object value, String field, List<String> problems) {
      if (value == null) {
        problems.add(field + " is missing");
        return null;
      }
      Quantity q = new Quantity(value.toString());
      try {
        if (q.getNumericalAmount().signum() <= 0) problems.add(field + " must be more than 0");
      } catch (RuntimeException e) {
        problems.add(field + " '" + value + "' is not a quantity (e.g. 2, 1500m, 4Gi)");
      }
      return q;
    }
  }
}
