package dev.kubelab.labs.classroom;

import dev.kubelab.labs.api.Lab;
import dev.kubelab.labs.check.ResourceRef;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What lets a class student create the few cluster-scoped objects some labs need, and nothing
 * more. Two layers, both enforced by the API server:
 * <ul>
 *   <li>RBAC, per student: {@code create} of StorageClasses, PersistentVolumes and ClusterRoles
 *       (create cannot be limited by name), and every other verb only on the exact names the
 *       course's labs use for that student ({@code <namespace>-…}); {@code patch} of the student's
 *       own namespaces only. {@code escalate} on ClusterRoles, which admission confines to reading;
 *       never {@code bind}, never ClusterRoleBindings, so a ClusterRole of theirs grants only what
 *       they already hold, and only in a namespace of theirs.</li>
 *   <li>Two ValidatingAdmissionPolicies per class (built into Kubernetes since 1.30): what a student
 *       creates must carry their namespace as a name prefix, a PersistentVolume may only be a
 *       hostPath one level under {@code /var/lib/kubelab/<namespace>/} and claimable only from their
 *       namespace, a StorageClass may not become the default nor take parameters, a ClusterRole may
 *       only read named resources and never aggregate into another role, a namespace may
 *       change only its Pod Security labels and never below baseline; and the objects the class put
 *       into a student's namespaces (isolation policy, quota, ServiceAccount, records) cannot be
 *       changed or deleted by the student.</li>
 * </ul>
 */
public final class ClassPolicy {
  /** The cluster-scoped kinds a class can offer, with their API group and resource. */
  public static final Map<String, String[]> KINDS = Map.of(
      "StorageClass", new String[] {"storage.k8s.io", "storageclasses"},
      "PersistentVolume", new String[] {"", "persistentvolumes"},
      "Namespace", new String[] {"", "namespaces"},
      "ClusterRole", new String[] {"rbac.authorization.k8s.io", "clusterroles"});
  /**
   * The built-in ClusterRoles a student may read by name: those a RoleBinding in their namespace
   * commonly refers to, so grading can weigh what such a binding grants. Their rules are the same
   * on every cluster; nothing of another student's is among them.
   */
  public static final List<String> READABLE_CLUSTER_ROLES = List.of("admin", "edit", "view", "cluster-admin");
  /** Where a student's hostPath PersistentVolumes must lie: one directory level under {@code <root>/<namespace>/}. */
  public static final String HOST_PATH_ROOT = "/var/lib/kubelab/";
  /** The Pod Security level a student's namespaces always enforce at least. */
  public static final String POD_SECURITY_FLOOR = "baseline";

  /**
   * Made on first use, not when the class loads: the course loader reads {@link #KINDS} for every
   * lab, and building Kubernetes' JSON mapper there cost a one-shot command about a third of a second.
   */
  private static final class Json {
    static final KubernetesSerialization JSON = new KubernetesSerialization();
  }

  private ClassPolicy() {}

  public static String clusterPolicyName(String className) {
    return "kubelab-class-" + className + "-cluster";
  }

  public static String objectsPolicyName(String className) {
    return "kubelab-class-" + className + "-objects";
  }

  /** The per-student ClusterRole and ClusterRoleBinding (cluster-scoped names carry the student's namespace). */
  public static String studentRoleName(String mainNamespace) {
    return "kubelab-" + mainNamespace;
  }

  /**
   * The two policies and their bindings. {@code provisioners}: those of the cluster's existing
   * StorageClasses, the only ones a student's StorageClass may name.
   */
  public static List<HasMetadata> policies(String className, Collection<String> provisioners) {
    // no provisioner at all: an empty name, which no StorageClass can have, so none is admitted
    String list = provisioners.isEmpty() ? "''" : provisioners.stream().map(p -> "'" + p.replace("'", "") + "'").collect(Collectors.joining(", "));
    String yaml = CLUSTER_POLICY.replace("CLASS", className).replace("PROVISIONERS", list).replace("ROOT", HOST_PATH_ROOT)
        + "---\n" + OBJECTS_POLICY.replace("CLASS", className).replace("SETUP_RECORD", SETUP_RECORD);
    List<HasMetadata> out = new ArrayList<>();
    for (String doc : yaml.split("(?m)^---\n")) out.add((HasMetadata) Json.JSON.unmarshal(doc));
    return out;
  }

  /**
   * The names of every cluster-scoped object the given labs create for a student whose main
   * namespace is {@code mainNamespace}, by kind: the labs' {@code cleanup} lists with {@code ${ns}}
   * filled in.
   */
  public static Map<String, Set<String>> objectNames(Collection<Lab> labs, String mainNamespace) {
    Map<String, Set<String>> out = new LinkedHashMap<>();
    for (Lab lab : labs) {
      for (String c : lab.cleanup()) {
        String rendered = c.replace("${ns}", mainNamespace);
        if (rendered.contains("${")) {
          throw new IllegalArgumentException("lab " + lab.id() + " names a cluster-scoped object with more than ${ns}: " + c);
        }
        ResourceRef ref = ResourceRef.parse(rendered);
        if (!KINDS.containsKey(ref.kind())) continue;
        out.computeIfAbsent(ref.kind(), k -> new LinkedHashSet<>()).add(ref.name());
      }
    }
    return out;
  }

  /**
   * The student's ClusterRole: reading StorageClasses; creating StorageClasses, PersistentVolumes
   * and read-only ClusterRoles (admission checks the name and content); changing or deleting only
   * the named ones; reading the built-in ClusterRoles a RoleBinding refers to; patching their own
   * namespaces (admission allows only the Pod Security labels). Kinds not
   * in {@code kinds} get no rule. A rule for names is only written when there are names: an empty
   * {@code resourceNames} would mean every object.
   */
  public static ClusterRole studentRole(String className, Student s, Set<String> kinds, Map<String, Set<String>> names,
      List<String> namespaces) {
    String main = Naming.namespace(className, s.id());
    List<PolicyRule> rules = new ArrayList<>();
    if (kinds.contains("StorageClass")) {
      rules.add(rule("storage.k8s.io", "storageclasses", List.of("get", "list", "watch"), List.of()));
      rules.add(rule("storage.k8s.io", "storageclasses", List.of("create"), List.of()));
      named(rules, "storage.k8s.io", "storageclasses", names.get("StorageClass"));
    }
    if (kinds.contains("PersistentVolume")) {
      rules.add(rule("", "persistentvolumes", List.of("create"), List.of()));
      named(rules, "", "persistentvolumes", names.get("PersistentVolume"));
    }
    if (kinds.contains("ClusterRole")) {
      // escalate: a ClusterRole's rules are held cluster-wide by nobody in a class, so creating one needs it. It cannot be
      // limited by name (a create has none yet); the cluster policy limits what the ClusterRole may say (reading only,
      // no "*", no aggregation), and binding one still needs its rights held in the namespace, as there is no bind.
      rules.add(rule("rbac.authorization.k8s.io", "clusterroles", List.of("create", "escalate"), List.of()));
      named(rules, "rbac.authorization.k8s.io", "clusterroles", names.get("ClusterRole"));
      rules.add(rule("rbac.authorization.k8s.io", "clusterroles", List.of("get"), READABLE_CLUSTER_ROLES));
    }
    if (kinds.contains("Namespace") && !namespaces.isEmpty()) {
      rules.add(rule("", "namespaces", List.of("get", "patch", "update"), namespaces));
    }
    return new ClusterRoleBuilder().withNewMetadata().withName(studentRoleName(main)).withLabels(StudentObjects.labels(className, s))
        .endMetadata().withRules(rules).build();
  }

  /** The ConfigMap where a student's kubelab records the lab's state for the gradebook (the engine's InPlace record). */
  static final String SETUP_RECORD = "kubelab-setup";

  /** The Role of {@link #quotaRole}; its RoleBinding has the same name. */
  public static final String QUOTA_ROLE = "kubelab-student-quotas";

  /**
   * ResourceQuotas and LimitRanges of the student's own, in one of their namespaces (the
   * resource-pool exercise makes one). Safe only under the objects policy, which keeps the
   * class's own quota and limits out of reach: quotas only add up (every one must hold), so a
   * student's quota can only restrict them further, and a LimitRange's maximums likewise.
   */
  public static List<HasMetadata> quotaRole(String className, Student s, String namespace) {
    String main = Naming.namespace(className, s.id());
    return List.of(
        new io.fabric8.kubernetes.api.model.rbac.RoleBuilder().withNewMetadata().withName(QUOTA_ROLE).withNamespace(namespace)
            .withLabels(StudentObjects.labels(className, s)).endMetadata().addNewRule().withApiGroups("")
            .withResources("resourcequotas", "limitranges")
            .withVerbs("get", "list", "watch", "create", "update", "patch", "delete", "deletecollection").endRule().build(),
        new io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder().withNewMetadata().withName(QUOTA_ROLE).withNamespace(namespace)
            .withLabels(StudentObjects.labels(className, s)).endMetadata().withNewRoleRef().withApiGroup("rbac.authorization.k8s.io")
            .withKind("Role").withName(QUOTA_ROLE).endRoleRef()
            .addNewSubject().withKind("ServiceAccount").withName(Naming.SERVICE_ACCOUNT).withNamespace(main).endSubject().build());
  }

  public static ClusterRoleBinding studentBinding(String className, Student s) {
    String main = Naming.namespace(className, s.id());
    return new ClusterRoleBindingBuilder().withNewMetadata().withName(studentRoleName(main)).withLabels(StudentObjects.labels(className, s))
        .endMetadata().withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole")
        .withName(studentRoleName(main)).endRoleRef()
        .addNewSubject().withKind("ServiceAccount").withName(Naming.SERVICE_ACCOUNT).withNamespace(main).endSubject().build();
  }

  private static void named(List<PolicyRule> rules, String group, String resource, Set<String> names) {
    if (names == null || names.isEmpty()) return;
    rules.add(rule(group, resource, List.of("get", "update", "patch", "delete"), List.copyOf(names)));
  }

  private static PolicyRule rule(String group, String resource, List<String> verbs, List<String> names) {
    PolicyRuleBuilder b = new PolicyRuleBuilder().withApiGroups(group).withResources(resource).withVerbs(verbs);
    if (!names.isEmpty()) b.withResourceNames(names);
    return b.build();
  }

  // Typed as the API server types them (objects by their OpenAPI schema), so macros run only over
  // maps and lists (labels, annotations, parameters), never over an object such as a spec. A
  // PersistentVolume with hostPath has no other source: the API server refuses a second one.
  // The student's namespace is the third part of their ServiceAccount's user name
  // (system:serviceaccount:NAMESPACE:NAME); every rule is relative to it.
  private static final String MATCH = """
        matchConditions:
          - name: class-student
            expression: "request.userInfo.username.startsWith('system:serviceaccount:class-CLASS-')"
        variables:
          - name: ns
            expression: "request.userInfo.username.split(':')[2]"
      """;

  private static final String CLUSTER_POLICY = policy("cluster") + """
            - {apiGroups: [storage.k8s.io], apiVersions: ["*"], operations: [CREATE, UPDATE], resources: [storageclasses]}
            - {apiGroups: [""], apiVersions: ["*"], operations: [CREATE, UPDATE], resources: [persistentvolumes, namespaces]}
            - {apiGroups: [rbac.authorization.k8s.io], apiVersions: ["*"], operations: [CREATE, UPDATE], resources: [clusterroles]}
            - {apiGroups: [""], apiVersions: ["*"], operations: [CREATE, UPDATE], resources: [persistentvolumeclaims]}
      """ + MATCH + """
        validations:
          - expression: >-
              request.resource.resource in ['namespaces', 'persistentvolumeclaims'] || object.metadata.name.startsWith(variables.ns + '-')
            messageExpression: "'the names of the cluster-wide objects you create (StorageClasses, PersistentVolumes, ClusterRoles) must start with ' + variables.ns + '- (your namespace), and ' + object.metadata.name + ' does not'"
            reason: Forbidden
          - expression: "request.resource.resource != 'clusterroles' || !has(object.aggregationRule)"
            message: a ClusterRole you create may not aggregate other ClusterRoles (aggregationRule); list its rules yourself
            reason: Forbidden
          - expression: >-
              request.resource.resource != 'clusterroles' || !has(object.metadata.labels)
              || object.metadata.labels.all(k, k.startsWith('kubelab.dev/') || k == 'app.kubernetes.io/managed-by')
            message: >-
              a ClusterRole you create may carry no labels: a label such as rbac.authorization.k8s.io/aggregate-to-admin
              would add its rules to the built-in roles every namespace uses
            reason: Forbidden
          - expression: >-
              request.resource.resource != 'clusterroles' || !has(object.rules)
              || object.rules.all(r, r.verbs.all(v, v in ['get', 'list', 'watch'])
                  && (!has(r.apiGroups) || !r.apiGroups.exists(g, g == '*'))
                  && (!has(r.resources) || !r.resources.exists(x, x.contains('*')))
                  && (!has(r.nonResourceURLs) || size(r.nonResourceURLs) == 0))
            message: >-
              a ClusterRole you create may only read (get, list, watch) resources it names: no other verb, no "*" and
              no nonResourceURLs (in your namespaces a RoleBinding to it then grants what you may do there already)
            reason: Forbidden
          - expression: >-
              request.resource.resource != 'storageclasses' || !has(object.metadata.annotations)
              || !object.metadata.annotations.exists(k, k.endsWith('/is-default-class') && object.metadata.annotations[k] == 'true')
            message: a StorageClass you create may not be the cluster's default, which would change every other student's claims
            reason: Forbidden
          - expression: "request.resource.resource != 'storageclasses' || object.provisioner in [PROVISIONERS]"
            messageExpression: "'a StorageClass you create must use a provisioner this cluster already uses (' + [PROVISIONERS].join(', ') + '), not ' + object.provisioner"
            reason: Forbidden
          - expression: >-
              request.resource.resource != 'storageclasses'
              || ((!has(object.parameters) || size(object.parameters) == 0) && (!has(object.mountOptions) || size(object.mountOptions) == 0))
            message: a StorageClass you create may not set parameters or mountOptions (they choose where and how the provisioner writes on the nodes)
            reason: Forbidden
          - expression: >-
              request.resource.resource != 'persistentvolumes'
              || (has(object.spec.hostPath)
                  && object.spec.hostPath.path.matches('^ROOT' + variables.ns + '/[a-z0-9][-a-z0-9_.]*$'))
            messageExpression: "'a PersistentVolume you create must be a hostPath volume one directory below ROOT' + variables.ns + '/ (e.g. ROOT' + variables.ns + '/data) and nothing else'"
            reason: Forbidden
          # a claim binds only a student's own volumes: one without a class ("") binds any classless volume, so it must
          # name its volume; a named volume, or a class named after a student, must be theirs. A bound claim is left alone.
          - expression: >-
              request.resource.resource != 'persistentvolumeclaims'
              || (request.operation == 'UPDATE' && has(oldObject.spec.volumeName) && oldObject.spec.volumeName != '')
              || ((!has(object.spec.volumeName) || object.spec.volumeName == '' || object.spec.volumeName.startsWith(variables.ns + '-'))
                  && (request.operation == 'UPDATE' || !has(object.spec.storageClassName) || object.spec.storageClassName != ''
                      || (has(object.spec.volumeName) && object.spec.volumeName != ''))
                  && (!has(object.spec.storageClassName) || !object.spec.storageClassName.startsWith('class-CLASS-')
                      || object.spec.storageClassName.startsWith(variables.ns + '-')))
            messageExpression: >-
              'in a class a claim may bind only volumes of yours: a volumeName or a class named after a student must start
              with ' + variables.ns + '-, and a claim with storageClassName "" must name its volume (volumeName), or it could
              bind a volume of another student'
            reason: Forbidden
          - expression: >-
              request.resource.resource != 'persistentvolumes' || !has(object.spec.claimRef)
              || (has(object.spec.claimRef.namespace) && object.spec.claimRef.namespace == variables.ns)
            messageExpression: "'a PersistentVolume you create may only be reserved (claimRef) for a claim in ' + variables.ns"
            reason: Forbidden
          - expression: >-
              request.resource.resource != 'namespaces' || (
                (!has(object.metadata.labels) || object.metadata.labels.all(k, k.startsWith('pod-security.kubernetes.io/')
                  || (has(oldObject.metadata.labels) && k in oldObject.metadata.labels && oldObject.metadata.labels[k] == object.metadata.labels[k])))
                && (!has(oldObject.metadata.labels) || oldObject.metadata.labels.all(k, k.startsWith('pod-security.kubernetes.io/')
                  || (has(object.metadata.labels) && k in object.metadata.labels))))
            message: on your namespaces you may change only the pod-security.kubernetes.io labels; the others belong to your class
            reason: Forbidden
          - expression: >-
              request.resource.resource != 'namespaces' || (
                (!has(object.metadata.annotations) || object.metadata.annotations.all(k, k == 'kubectl.kubernetes.io/last-applied-configuration'
                  || (has(oldObject.metadata.annotations) && k in oldObject.metadata.annotations && oldObject.metadata.annotations[k] == object.metadata.annotations[k])))
                && (!has(oldObject.metadata.annotations) || oldObject.metadata.annotations.all(k, k == 'kubectl.kubernetes.io/last-applied-configuration'
                  || (has(object.metadata.annotations) && k in object.metadata.annotations))))
            message: the annotations of your namespaces belong to your class; you may change only their pod-security.kubernetes.io labels
            reason: Forbidden
          - expression: >-
              request.resource.resource != 'namespaces' || (has(object.metadata.labels)
                && 'pod-security.kubernetes.io/enforce' in object.metadata.labels
                && object.metadata.labels['pod-security.kubernetes.io/enforce'] in ['baseline', 'restricted']
                && (!('pod-security.kubernetes.io/enforce-version' in object.metadata.labels)
                    || object.metadata.labels['pod-security.kubernetes.io/enforce-version'] == 'latest'))
            message: your namespaces must keep enforcing Pod Security baseline or restricted (latest version); privileged, or no enforce label, would let a pod take over its node
            reason: Forbidden
      """ + binding("cluster");

  /** The start both class policies share: name and labels, failing closed, and the resource rules that follow it. */
  private static String policy(String which) {
    return """
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicy
        metadata:
          name: kubelab-class-CLASS-WHICH
          labels: {kubelab.dev/class: CLASS, app.kubernetes.io/managed-by: kubelab}
        spec:
          failurePolicy: Fail
          matchConstraints:
            resourceRules:
        """.replace("WHICH", which);
  }

  /** The binding that puts a class policy into force for every request it matches, denying what it refuses. */
  private static String binding(String which) {
    return """
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicyBinding
        metadata:
          name: kubelab-class-CLASS-WHICH
          labels: {kubelab.dev/class: CLASS, app.kubernetes.io/managed-by: kubelab}
        spec:
          policyName: kubelab-class-CLASS-WHICH
          validationActions: [Deny]
        """.replace("WHICH", which);
  }

  private static final String OBJECTS_POLICY = policy("objects") + """
            - apiGroups: ["", networking.k8s.io, rbac.authorization.k8s.io]
              apiVersions: ["*"]
              operations: [UPDATE, DELETE]
              resources: [configmaps, serviceaccounts, resourcequotas, limitranges, networkpolicies, roles, rolebindings]
      """ + MATCH + """
        validations:
          - expression: "!has(oldObject.metadata.labels) || !('kubelab.dev/class' in oldObject.metadata.labels)"
            messageExpression: "oldObject.metadata.name + ' was put into your namespace by your class (its isolation, quota, records); only your instructor may change or delete it'"
            reason: Forbidden
          # the record a student's kubelab keeps for the gradebook (JSON maps under <lab>.solutions): a mark that a
          # reference solution was viewed or applied may be added, or raised from viewed to applied, never removed
          - expression: >-
              request.resource.resource != 'configmaps' || oldObject.metadata.name != 'SETUP_RECORD'
              || (request.operation == 'UPDATE' && (!has(oldObject.data) || oldObject.data.all(k, !k.endsWith('.solutions')
                  || (has(object.data) && k in object.data
                      && oldObject.data[k].replace('{', '').replace('}', '').split(',').all(p, p == ''
                          || object.data[k].contains(p)
                          || (p.endsWith(':"viewed"') && object.data[k].contains(p.replace(':"viewed"', ':"applied"'))))))))
            message: >-
              SETUP_RECORD keeps which reference solutions you viewed or applied, for your instructor's gradebook: those marks
              cannot be removed, nor the record deleted
            reason: Forbidden
      """ + binding("objects");
}
