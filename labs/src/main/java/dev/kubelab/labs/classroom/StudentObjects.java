package dev.kubelab.labs.classroom;

import dev.kubelab.labs.content.Model;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LimitRangeBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a student gets: a labelled namespace (Pod Security "baseline" enforced, so no pod can
 * reach the node), the ServiceAccount {@code student}, a RoleBinding of the built-in ClusterRole
 * {@code admin} in that namespace only, a Role for the Gateway API's namespaced kinds (which
 * {@code admin} does not cover: they are CRDs, and their install aggregates nothing into it) bound
 * the same way, a ResourceQuota, a LimitRange, and a NetworkPolicy that admits traffic from the
 * same namespace and from namespaces outside any class, but not from other students. Further
 * namespaces (for labs with several) get the same, bound to the same ServiceAccount; traffic
 * between a student's own namespaces is theirs to allow with NetworkPolicies of their own (policies
 * add up), which is what lets a lab grade a fence between two of them.
 */
public final class StudentObjects {
  public static final String ROLE_BINDING = "kubelab-student-admin";
  public static final String GATEWAY_API_ROLE = "kubelab-student-gateway-api";
  public static final String QUOTA = "kubelab-class-quota";
  public static final String LIMITS = "kubelab-class-limits";
  public static final String NETWORK_POLICY = "kubelab-class-isolation";

  private StudentObjects() {}

  public static Namespace namespace(String className, Student s) {
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(Naming.ID_ANNOTATION, s.id());
    annotations.put(Naming.NAME_ANNOTATION, s.name());
    if (s.email() != null) annotations.put(Naming.EMAIL_ANNOTATION, s.email());
    annotations.put(Naming.POD_SECURITY_ANNOTATION, ClassPolicy.POD_SECURITY_FLOOR);
    return new NamespaceBuilder().withNewMetadata().withName(Naming.namespace(className, s.id())).withLabels(labels(className, s))
        .addToLabels("pod-security.kubernetes.io/enforce", ClassPolicy.POD_SECURITY_FLOOR).withAnnotations(annotations).endMetadata().build();
  }

  /**
   * A further namespace of the student, for labs with several ({@link Naming#extraNamespace}):
   * labelled with the lab namespace it stands for, so it is never taken for a student of its own.
   */
  public static Namespace extraNamespace(String className, Student s, String logical) {
    String main = Naming.namespace(className, s.id());
    return new NamespaceBuilder().withNewMetadata().withName(Naming.extraNamespace(main, logical)).withLabels(labels(className, s))
        .addToLabels(Naming.LAB_NAMESPACE_LABEL, logical)
        .addToLabels("pod-security.kubernetes.io/enforce", ClassPolicy.POD_SECURITY_FLOOR)
        .addToAnnotations(Naming.POD_SECURITY_ANNOTATION, ClassPolicy.POD_SECURITY_FLOOR).endMetadata().build();
  }

  /** Everything in the student's namespace, in the order it is applied (the namespace itself apart). */
  public static List<HasMetadata> inNamespace(String className, Student s, StudentLimits limits) {
    String ns = Naming.namespace(className, s.id());
    List<HasMetadata> out = new java.util.ArrayList<>();
    out.add(new ServiceAccountBuilder().withNewMetadata().withName(Naming.SERVICE_ACCOUNT).withNamespace(ns).withLabels(labels(className, s))
        .endMetadata().build());
    out.addAll(inNamespace(className, s, limits, ns));
    return out;
  }

  /**
   * What the class puts into each of the student's namespaces, {@code ns} (the main one or a
   * further one): the student's ServiceAccount (of the main namespace) may administer it, within
   * the quota and limits, and traffic from other students is refused.
   */
  public static List<HasMetadata> inNamespace(String className, Student s, StudentLimits limits, String ns) {
    String main = Naming.namespace(className, s.id());
    Map<String, String> labels = labels(className, s);
    Map<String, String> q = limits.quota();
    Map<String, String> l = limits.limits();
    return List.of(
        new RoleBindingBuilder().withNewMetadata().withName(ROLE_BINDING).withNamespace(ns).withLabels(labels).endMetadata()
            .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName("admin").endRoleRef()
            .addNewSubject().withKind("ServiceAccount").withName(Naming.SERVICE_ACCOUNT).withNamespace(main).endSubject().build(),
        new RoleBuilder().withNewMetadata().withName(GATEWAY_API_ROLE).withNamespace(ns).withLabels(labels).endMetadata()
            .addNewRule().withApiGroups("gateway.networking.k8s.io")
            .withResources("gateways", "httproutes", "grpcroutes", "referencegrants")
            .withVerbs("get", "list", "watch", "create", "update", "patch", "delete", "deletecollection").endRule().build(),
        new RoleBindingBuilder().withNewMetadata().withName(GATEWAY_API_ROLE).withNamespace(ns).withLabels(labels).endMetadata()
            .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("Role").withName(GATEWAY_API_ROLE).endRoleRef()
            .addNewSubject().withKind("ServiceAccount").withName(Naming.SERVICE_ACCOUNT).withNamespace(main).endSubject().build(),
        new ResourceQuotaBuilder().withNewMetadata().withName(QUOTA).withNamespace(ns).withLabels(labels).endMetadata()
            .withNewSpec()
            .addToHard("requests.cpu", new Quantity(q.get("cpu"))).addToHard("limits.cpu", new Quantity(q.get("cpu")))
            .addToHard("requests.memory", new Quantity(q.get("memory"))).addToHard("limits.memory", new Quantity(q.get("memory")))
            .addToHard("pods", new Quantity(q.get("pods")))
            .addToHard("persistentvolumeclaims", new Quantity(q.get("persistentVolumeClaims")))
            .addToHard("requests.storage", new Quantity(q.get("storage")))
            .addToHard("services.nodeports", new Quantity("0")).addToHard("services.loadbalancers", new Quantity("0"))
            .endSpec().build(),
        new LimitRangeBuilder().withNewMetadata().withName(LIMITS).withNamespace(ns).withLabels(labels).endMetadata()
            .withNewSpec().addNewLimit().withType("Container")
            .addToDefault("cpu", new Quantity(l.get("defaultCpu"))).addToDefault("memory", new Quantity(l.get("defaultMemory")))
            .addToDefaultRequest("cpu", new Quantity(l.get("defaultRequestCpu")))
            .addToDefaultRequest("memory", new Quantity(l.get("defaultRequestMemory")))
            .endLimit().endSpec().build(),
        new NetworkPolicyBuilder().withNewMetadata().withName(NETWORK_POLICY).withNamespace(ns).withLabels(labels).endMetadata()
            .withNewSpec().withNewPodSelector().endPodSelector().withPolicyTypes("Ingress")
            .addNewIngress().addNewFrom().withNewPodSelector().endPodSelector().endFrom()
            .addNewFrom().withNewNamespaceSelector().addNewMatchExpression().withKey(Naming.CLASS_LABEL).withOperator("DoesNotExist")
            .endMatchExpression().endNamespaceSelector().endFrom().endIngress()
            .endSpec().build());
  }

  /**
   * The cluster's node names, for the student's kubelab: a student may not list nodes, and labs
   * name them in instructions, setups and checks (see {@link Model#NODE_NAMES_RECORD}).
   */
  public static ConfigMap nodeNames(String className, Student s, List<String> nodes) {
    return new ConfigMapBuilder().withNewMetadata().withName(Model.NODE_NAMES_RECORD).withNamespace(Naming.namespace(className, s.id()))
        .withLabels(labels(className, s)).endMetadata().addToData(Model.NODE_NAMES_KEY, String.join(",", nodes)).build();
  }

  public static Map<String, String> labels(String className, Student s) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(Naming.CLASS_LABEL, className);
    m.put(Naming.STUDENT_LABEL, s.key());
    m.put(Naming.MANAGED_BY, "kubelab");
    return m;
  }
}
