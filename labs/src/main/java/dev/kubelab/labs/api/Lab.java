package dev.kubelab.labs.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A lab: namespaces it runs in, manifests applied at start, and exercises graded in order.
 * Paths ({@code intro}, {@code setup}) are relative to the content root.
 */
public record Lab(
    String id,
    String chapterId,
    String title,
    String vmware,
    String intro,
    Requirements requires,
    List<String> namespaces,
    List<String> setup,
    List<String> cleanup,
    List<Exercise> exercises,
    Map<String, Identity> identities,
    List<NodeCommand> nodeSetup,
    List<NodeCommand> nodeCleanup) implements java.io.Serializable {

  /** A lab with no node-level setup. */
  public Lab(String id, String chapterId, String title, String vmware, String intro, Requirements requires,
      List<String> namespaces, List<String> setup, List<String> cleanup, List<Exercise> exercises,
      Map<String, Identity> identities) {
    this(id, chapterId, title, vmware, intro, requires, namespaces, setup, cleanup, exercises, identities, List.of(), List.of());
  }

  public Optional<Exercise> exercise(String exerciseId) {
    return exercises.stream().filter(e -> e.id().equals(exerciseId)).findFirst();
  }

  public int index(String exerciseId) {
    for (int i = 0; i < exercises.size(); i++) {
      if (exercises.get(i).id().equals(exerciseId)) return i;
    }
    return -1;
  }

  public int points() {
    return exercises.stream().mapToInt(Exercise::points).sum();
  }

  /**
   * What the lab needs from a cluster before it can start.
   *
   * @param nodes               Ready nodes (the embedded cluster adds k3s agents for it)
   * @param defaultStorageClass a StorageClass marked default
   * @param clusterScoped       rights to create cluster-wide objects (not a student's namespace)
   * @param distribution        e.g. "k3s": the lab is about that distribution's own parts; null for any cluster
   * @param traefik             k3s's bundled Traefik ingress controller (ingress labs)
   * @param networkPolicy       a CNI that enforces NetworkPolicy, proven by a probe before the lab starts
   * @param nodeAccess          a shell on the nodes ({@code node exec}): the embedded cluster has one
   * @param addons              add-ons kubelab installs before the lab starts, by id (e.g. "flux", "kubevirt")
   * @param apis                kinds the cluster must already serve, as {@code group/version/Kind}
   *                            (e.g. "gateway.networking.k8s.io/v1/HTTPRoute"): CRDs the lab uses but does not install
   * @param clusterKinds        when known, every cluster-scoped kind the lab creates or changes, each object named
   *                            {@code ${ns}-…} (a Namespace: the lab's own, for its labels); a class can offer such a
   *                            lab to students under an admission policy. Empty: unknown, or none.
   * @param operators           operators kubelab runs in its own process while the lab is open, by id (e.g. "teamspace")
   */
  public record Requirements(int nodes, boolean defaultStorageClass, boolean clusterScoped, String distribution,
      boolean traefik, boolean networkPolicy, boolean nodeAccess, List<String> addons, List<String> apis,
      List<String> clusterKinds, List<String> operators) implements java.io.Serializable {
    public static final Requirements NONE = new Requirements(1, false, false, null, false, false, false, List.of());

    public Requirements {
      addons = List.copyOf(addons);
      apis = List.copyOf(apis);
      clusterKinds = List.copyOf(clusterKinds);
      operators = List.copyOf(operators);
    }

    /** Without in-process operators. */
    public Requirements(int nodes, boolean defaultStorageClass, boolean clusterScoped, String distribution,
        boolean traefik, boolean networkPolicy, boolean nodeAccess, List<String> addons, List<String> apis,
        List<String> clusterKinds) {
      this(nodes, defaultStorageClass, clusterScoped, distribution, traefik, networkPolicy, nodeAccess, addons, apis, clusterKinds,
          List.of());
    }

    /** Without the cluster-scoped kinds a class could offer, nor operators. */
    public Requirements(int nodes, boolean defaultStorageClass, boolean clusterScoped, String distribution,
        boolean traefik, boolean networkPolicy, boolean nodeAccess, List<String> addons, List<String> apis) {
      this(nodes, defaultStorageClass, clusterScoped, distribution, traefik, networkPolicy, nodeAccess, addons, apis, List.of());
    }

    /** The form without required kinds. */
    public Requirements(int nodes, boolean defaultStorageClass, boolean clusterScoped, String distribution,
        boolean traefik, boolean networkPolicy, boolean nodeAccess, List<String> addons) {
      this(nodes, defaultStorageClass, clusterScoped, distribution, traefik, networkPolicy, nodeAccess, addons, List.of());
    }

    /** The older four-field form: no Traefik, policy enforcement, node access or add-ons. */
    public Requirements(int nodes, boolean defaultStorageClass, boolean clusterScoped, String distribution) {
      this(nodes, defaultStorageClass, clusterScoped, distribution, false, false, false, List.of(), List.of());
    }
  }
}
