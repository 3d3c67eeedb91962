package dev.kubelab.labs.classroom;

import dev.kubelab.labs.api.Course;
import dev.kubelab.labs.api.Lab;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a class gives each student beyond their namespace: further namespaces for the labs that
 * use several (by the labs' logical names), and the cluster-scoped kinds they may create under the
 * class's admission policy. {@code class create} records it in every student's namespace (the
 * ConfigMap {@link #RECORD}), so a student's kubelab knows which labs it can run without asking
 * for rights it does not have.
 */
public record ClassOffer(Set<String> namespaces, Set<String> clusterKinds) {
  public static final String RECORD = "kubelab-class";
  public static final ClassOffer NONE = new ClassOffer(Set.of(), Set.of());

  public ClassOffer {
    namespaces = Set.copyOf(namespaces);
    clusterKinds = Set.copyOf(clusterKinds);
  }

  /**
   * What {@code class create} of this kubelab offers for the course: the further namespaces of
   * every lab that needs nothing else a class cannot give, and every kind {@link ClassPolicy}
   * guards (none where the cluster has no ValidatingAdmissionPolicy: {@code withPolicy} false).
   */
  public static ClassOffer of(Course course, boolean withPolicy) {
    Set<String> kinds = withPolicy ? ClassPolicy.KINDS.keySet() : Set.of();
    Set<String> extra = new TreeSet<>();
    for (Lab lab : course.labs()) {
      if (Namespaced.intrinsic(lab, kinds).isPresent()) continue;
      extra.addAll(lab.namespaces().subList(1, lab.namespaces().size()));
    }
    return new ClassOffer(extra, kinds);
  }

  /** The record for a student's namespace. */
  public ConfigMap record(String className, Student s) {
    return new ConfigMapBuilder().withNewMetadata().withName(RECORD).withNamespace(Naming.namespace(className, s.id()))
        .withLabels(StudentObjects.labels(className, s)).endMetadata()
        .addToData("namespaces", String.join(",", new TreeSet<>(namespaces)))
        .addToData("clusterKinds", String.join(",", new TreeSet<>(clusterKinds))).build();
  }

  /** The offer a record states; empty when there is no record (a class set up by an older kubelab, or no class). */
  public static Optional<ClassOffer> read(ConfigMap record) {
    if (record == null || record.getData() == null) return Optional.empty();
    Map<String, String> d = record.getData();
    return Optional.of(new ClassOffer(split(d.get("namespaces")), split(d.get("clusterKinds"))));
  }

  private static Set<String> split(String s) {
    if (s == null || s.isBlank()) return Set.of();
    return Set.copyOf(Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList());
  }

  /** The lab's further namespaces this offer lacks. */
  public List<String> missingNamespaces(Lab lab) {
    return lab.namespaces().subList(1, lab.namespaces().size()).stream().filter(n -> !namespaces.contains(n)).toList();
  }
}
