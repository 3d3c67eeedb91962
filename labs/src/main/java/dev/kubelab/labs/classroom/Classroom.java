package dev.kubelab.labs.classroom;

import dev.kubelab.labs.api.Course;
import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.labs.api.Lab;
import dev.kubelab.labs.engine.LabEngine;
import dev.kubelab.labs.grade.Errors;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A class on a shared cluster, worked with the instructor's credentials: sets students up
 * (idempotently: re-running adds new students and puts drifted objects back, never touching what
 * students created), lists them, hands out kubeconfigs, and deletes the class.
 */
public final class Classroom {
  private final KubernetesClient client;
  private final String name;
  private final Course course;

  /** A class that offers students nothing beyond their namespace (no course to offer labs of). */
  public Classroom(KubernetesClient client, String name) {
    this(client, name, null);
  }

  /**
   * A class for {@code course}: each student also gets the further namespaces its labs use, and,
   * where the cluster serves ValidatingAdmissionPolicies, the guarded rights to the cluster-scoped
   * kinds its labs create ({@link ClassPolicy}).
   */
  public Classroom(KubernetesClient client, String name, Course course) {
    this.client = client;
    this.name = Naming.requireClassName(name);
    this.course = course;
  }

  public String name() {
    return name;
  }

  /** What {@link #create} did for one student. */
  public record Created(Student student, String namespace, boolean isNew, Path kubeconfig, String tokenExpires) {}

  /** What {@link #create} did: one entry a roster student, and class students the roster no longer names (left alone). */
  public record CreateReport(List<Created> students, List<ClassStudent> notInRoster) {}

  /**
   * Sets up every student of the roster and writes their kubeconfig to {@code kubeconfigDir/<student>.yaml},
   * with a ServiceAccount token valid for {@code tokenDays} (the API server may cap it; the actual
   * expiry is reported).
   */
  public CreateReport create(Roster roster, StudentLimits limits, int tokenDays, Path kubeconfigDir, Consumer<String> progress) {
    return create(roster, limits, tokenDays, kubeconfigDir, null, progress);
  }

  /** As {@link #create(Roster, StudentLimits, int, Path, Consumer)}, with {@code server} as the address in students' kubeconfigs. */
  public CreateReport create(Roster roster, StudentLimits limits, int tokenDays, Path kubeconfigDir, String server,
      Consumer<String> progress) {
    if (server != null && !server.matches("https?://[^/\\s]+(/.*)?")) {
      throw KubelabException.usage("--server '" + server + "' is not an API server URL", "e.g. --server https://k3s.classroom.example:6443");
    }
    if (server == null && StudentKubeconfig.loopback(client.getConfiguration().getMasterUrl())) {
      progress.accept("note: the students' kubeconfigs point at " + client.getConfiguration().getMasterUrl()
          + ", which only this machine reaches; give --server with an address their laptops reach");
    }
    if (tokenDays < 1 || tokenDays > 366) throw KubelabException.usage("--token-days must be 1 to 366, found " + tokenDays, "e.g. --token-days 7");
    boolean policy = course != null && servesAdmissionPolicies();
    ClassOffer offer = course == null ? ClassOffer.NONE : ClassOffer.of(course, policy);
    requireDistinctNamespaces(roster, offer);
    if (course != null && !policy) {
      progress.accept("note: this cluster serves no ValidatingAdmissionPolicy (Kubernetes 1.30 or newer has it), so students"
          + " cannot be let create StorageClasses, PersistentVolumes or Pod Security labels safely; those labs stay unavailable");
    }
    List<Lab> clusterLabs = course == null ? List.of() : course.labs().stream()
        .filter(l -> !l.requires().clusterKinds().isEmpty() && Namespaced.unavailable(l, offer).isEmpty()).toList();
    if (!offer.clusterKinds().isEmpty()) {
      progress.accept("installing the class's admission policies " + ClassPolicy.clusterPolicyName(name) + " and "
          + ClassPolicy.objectsPolicyName(name));
      for (HasMetadata obj : ClassPolicy.policies(name, provisioners())) apply(obj);
    }
    Set<String> existing = students().stream().map(ClassStudent::namespace).collect(Collectors.toSet());
    List<String> nodes = nodeNames(progress);
    List<Created> out = new ArrayList<>();
    for (Student s : roster.students()) {
      String ns = Naming.namespace(name, s.id());
      boolean isNew = !existing.contains(ns);
      progress.accept((isNew ? "creating " : "checking ") + ns + " for " + s.name()
          + (offer.namespaces().isEmpty() ? "" : " (and " + offer.namespaces().size() + " further namespaces)"));
      applyNamespace(StudentObjects.namespace(name, s));
      for (HasMetadata obj : StudentObjects.inNamespace(name, s, limits)) apply(obj);
      List<String> all = new ArrayList<>(List.of(ns));
      for (String logical : new java.util.TreeSet<>(offer.namespaces())) {
        Namespace extra = StudentObjects.extraNamespace(name, s, logical);
        applyNamespace(extra);
        all.add(extra.getMetadata().getName());
        for (HasMetadata obj : StudentObjects.inNamespace(name, s, limits, extra.getMetadata().getName())) apply(obj);
      }
      if (!offer.clusterKinds().isEmpty()) { // the class's policies are in force: the guarded rights can be given
        for (String n : all) for (HasMetadata obj : ClassPolicy.quotaRole(name, s, n)) apply(obj);
        apply(ClassPolicy.studentRole(name, s, offer.clusterKinds(), ClassPolicy.objectNames(clusterLabs, ns), all));
        apply(ClassPolicy.studentBinding(name, s));
      }
      apply(offer.record(name, s));
      if (!nodes.isEmpty()) apply(StudentObjects.nodeNames(name, s, nodes));
      TokenRequest token = token(ns, tokenDays);
      String yaml = StudentKubeconfig.render(client.getConfiguration(), server, name, ns, token.getStatus().getToken());
      Path file = kubeconfigDir.resolve(s.key() + ".yaml");
      StudentKubeconfig.write(file, yaml);
      out.add(new Created(s, ns, isNew, file, token.getStatus().getExpirationTimestamp()));
    }
    Set<String> listed = roster.students().stream().map(s -> Naming.namespace(name, s.id())).collect(Collectors.toSet());
    List<ClassStudent> others = students().stream().filter(c -> !listed.contains(c.namespace())).toList();
    return new CreateReport(out, others);
  }

  /** No student's namespace may be another's further namespace (ids "s1" and "s1-web" with a lab namespace "web"). */
  private void requireDistinctNamespaces(Roster roster, ClassOffer offer) {
    java.util.Map<String, String> mains = new java.util.HashMap<>();
    for (Student s : roster.students()) mains.put(Naming.namespace(name, s.id()), s.id());
    // the class's policies take every name that begins with a student's namespace and a dash as that student's
    java.util.Map<String, String> all = new java.util.TreeMap<>();
    if (!offer.namespaces().isEmpty() || !offer.clusterKinds().isEmpty()) {
      all.putAll(mains);
      students().forEach(c -> all.putIfAbsent(c.namespace(), c.id()));
    }
    for (var a : all.entrySet()) {
      for (var b : all.entrySet()) {
        if (b.getKey().startsWith(a.getKey() + "-")) {
          throw KubelabException.usage("students '" + a.getValue() + "' and '" + b.getValue() + "' cannot share a class: the namespace "
              + b.getKey() + " begins with " + a.getKey() + "-, and the class takes every name that begins with a student's namespace"
              + " and a dash (their further namespaces, StorageClasses, volumes, ClusterRoles) as that student's",
              "give one of them an id that does not begin with the other's id and a dash");
        }
      }
    }
    for (Student s : roster.students()) {
      for (String logical : offer.namespaces()) {
        String extra = Naming.extraNamespace(Naming.namespace(name, s.id()), logical);
        if (mains.containsKey(extra)) {
          throw KubelabException.usage("students '" + s.id() + "' and '" + mains.get(extra) + "' would share the namespace " + extra
              + " (the second's own, the first's for the labs' namespace '" + logical + "')", "give one of them another id in the roster");
        }
      }
    }
  }

  /** Whether the API server serves ValidatingAdmissionPolicies (admissionregistration.k8s.io/v1, Kubernetes 1.30+). */
  private boolean servesAdmissionPolicies() {
    try {
      var list = client.getApiResources("admissionregistration.k8s.io/v1");
      return list != null && list.getResources() != null
          && list.getResources().stream().anyMatch(r -> "ValidatingAdmissionPolicy".equals(r.getKind()));
    } catch (KubernetesClientException e) {
      return false;
    }
  }

  /** The provisioners of the cluster's StorageClasses: the only ones a student's StorageClass may name. */
  public List<String> provisioners() {
    try {
      return client.storage().v1().storageClasses().list().getItems().stream().map(sc -> sc.getProvisioner())
          .filter(p -> p != null && !p.isBlank()).distinct().sorted().toList();
    } catch (KubernetesClientException e) {
      throw Errors.translate(e, "list the cluster's StorageClasses");
    }
  }

  /** The node names students' labs name; students may not list nodes themselves. */
  private List<String> nodeNames(Consumer<String> progress) {
    try {
      return LabEngine.nodeNames(client);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 403) throw Errors.translate(e, "list the cluster's nodes");
      progress.accept("note: your credentials may not list nodes, so students' labs show stand-ins for node names"
          + " and cannot grade checks that name a node");
      return List.of();
    }
  }

  /** What the class offers its students, as {@code class create} recorded it with the first of them; nothing without students. */
  public ClassOffer offer() {
    List<ClassStudent> all = students();
    if (all.isEmpty()) return ClassOffer.NONE;
    try {
      return ClassOffer.read(client.configMaps().inNamespace(all.get(0).namespace()).withName(ClassOffer.RECORD).get())
          .orElse(ClassOffer.NONE);
    } catch (KubernetesClientException e) {
      throw Errors.translate(e, "read what class " + name + " offers");
    }
  }

  /** The class's students, as their namespaces say, ordered by id. */
  public List<ClassStudent> students() {
    try {
      return client.namespaces().withLabel(Naming.CLASS_LABEL, name).withoutLabel(Naming.LAB_NAMESPACE_LABEL).list().getItems().stream()
          .map(ClassStudent::of).sorted(Comparator.comparing(ClassStudent::id)).toList();
    } catch (KubernetesClientException e) {
      throw Errors.translate(e, "list the namespaces of class " + name);
    }
  }

  /**
   * Deletes every namespace of the class (and so everything in it), the students' cluster-wide
   * rights and the class's admission policies; returns the students' namespaces.
   */
  public List<String> delete(Consumer<String> progress) {
    List<String> gone = new ArrayList<>();
    try {
      for (Namespace ns : client.namespaces().withLabel(Naming.CLASS_LABEL, name).list().getItems()) {
        String n = ns.getMetadata().getName();
        progress.accept("deleting namespace " + n);
        client.namespaces().withName(n).delete();
        if (ns.getMetadata().getLabels().get(Naming.LAB_NAMESPACE_LABEL) == null) gone.add(n);
      }
      client.rbac().clusterRoleBindings().withLabel(Naming.CLASS_LABEL, name).delete();
      client.rbac().clusterRoles().withLabel(Naming.CLASS_LABEL, name).delete();
      if (servesAdmissionPolicies()) {
        client.admissionRegistration().v1().validatingAdmissionPolicyBindings().withLabel(Naming.CLASS_LABEL, name).delete();
        client.admissionRegistration().v1().validatingAdmissionPolicies().withLabel(Naming.CLASS_LABEL, name).delete();
      }
    } catch (KubernetesClientException e) {
      throw Errors.translate(e, "delete class " + name);
    }
    java.util.Collections.sort(gone);
    return gone;
  }

  /** Labels and annotations are merged into an existing namespace: what others put there stays. */
  private void applyNamespace(Namespace wanted) {
    try {
      Namespace now = client.namespaces().withName(wanted.getMetadata().getName()).get();
      if (now == null) {
        client.namespaces().resource(wanted).create();
        return;
      }
      client.namespaces().withName(wanted.getMetadata().getName()).edit(ns -> {
        ns.getMetadata().setLabels(merge(ns.getMetadata().getLabels(), wanted.getMetadata().getLabels()));
        ns.getMetadata().setAnnotations(merge(ns.getMetadata().getAnnotations(), wanted.getMetadata().getAnnotations()));
        return ns;
      });
    } catch (KubernetesClientException e) {
      throw Errors.translate(e, "create namespace " + wanted.getMetadata().getName());
    }
  }

  private static java.util.Map<String, String> merge(java.util.Map<String, String> a, java.util.Map<String, String> b) {
    java.util.Map<String, String> m = a == null ? new java.util.LinkedHashMap<>() : new java.util.LinkedHashMap<>(a);
    m.putAll(b);
    return m;
  }

  /** Creates the object, or puts it back as the class wants it (a RoleBinding's role cannot change in place: it is recreated). */
  private void apply(HasMetadata obj) {
    String what = obj.getKind() + " " + obj.getMetadata().getName() + " in " + obj.getMetadata().getNamespace();
    try {
      if (obj instanceof RoleBinding rb) {
        RoleBinding now = client.rbac().roleBindings().inNamespace(rb.getMetadata().getNamespace()).withName(rb.getMetadata().getName()).get();
        if (now != null && !rb.getRoleRef().equals(now.getRoleRef())) {
          client.rbac().roleBindings().inNamespace(rb.getMetadata().getNamespace()).withName(rb.getMetadata().getName()).delete();
        }
      }
      client.resource(obj).createOr(NonDeletingOperation::update);
    } catch (KubernetesClientException e) {
      throw Errors.translate(e, "apply " + what);
    }
  }

  private TokenRequest token(String ns, int days) {
    try {
      TokenRequest answer = client.serviceAccounts().inNamespace(ns).withName(Naming.SERVICE_ACCOUNT).tokenRequest(
          new TokenRequestBuilder().withNewSpec().withExpirationSeconds(days * 86_400L).endSpec().build());
      if (answer == null || answer.getStatus() == null || answer.getStatus().getToken() == null) {
        throw KubelabException.environment("the API server issued no token for ServiceAccount " + ns + "/" + Naming.SERVICE_ACCOUNT,
            "does this cluster serve the TokenRequest API (Kubernetes 1.22 or newer)?");
      }
      return answer;
    } catch (KubernetesClientException e) {
      throw Errors.translate(e, "request a token for ServiceAccount " + ns + "/" + Naming.SERVICE_ACCOUNT);
    }
  }
}
