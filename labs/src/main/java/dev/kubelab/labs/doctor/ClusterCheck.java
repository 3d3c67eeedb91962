package dev.kubelab.labs.doctor;

import dev.kubelab.labs.api.Cluster;
import dev.kubelab.labs.engine.LabEngine;
import dev.kubelab.labs.grade.Errors;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.readiness.Readiness;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a cluster offers the course: Ready nodes, Traefik, NetworkPolicy enforcement (as proven and
 * remembered, never proven here: that takes half a minute), node access, and what the current
 * identity may do (SelfSubjectAccessReviews). Asks the same questions the labs' preflight asks.
 */
public final class ClusterCheck {
  /** What the course's labs ask of the identity, and what a "no" costs. */
  private record Right(String verb, String group, String resource, String words, String cost) {}

  private static final List<Right> RIGHTS = List.of(
      new Right("create", "", "namespaces", "create namespaces", "labs run in namespaces of their own; without this right"
          + " kubelab runs them in your one namespace (namespaced mode), and labs that need more are unavailable"),
      new Right("list", "", "nodes", "list nodes", "labs show node names and count Ready nodes; a class records the names"
          + " in the ConfigMap kubelab-nodes of your namespace"),
      new Right("create", "storage.k8s.io", "storageclasses", "create cluster-scoped objects (StorageClasses)",
          "labs that create StorageClasses, PersistentVolumes or ClusterRoles cannot run"),
      new Right("create", "rbac.authorization.k8s.io", "clusterroles", "create ClusterRoles", "labs that make ClusterRoles (RBAC troubleshooting, the golden path) cannot run"),
      new Right("create", "apiextensions.k8s.io", "customresourcedefinitions", "create CustomResourceDefinitions",
          "add-ons (Flux, KubeVirt) cannot be installed, and the CRD lab cannot run"));

  private ClusterCheck() {}

  /**
   * @param embedded  whether it is kubelab's own k3s, which takes the shape a lab needs when it starts
   * @param namespace the one namespace labs run in (a class identity), or empty
   */
  public static List<Finding> check(Cluster cluster, LabEngine engine, boolean embedded, Optional<String> namespace) {
    KubernetesClient client = engine.client();
    List<Finding> out = new ArrayList<>();
    out.add(Finding.ok("cluster", cluster.describe() + " answers at " + client.getMasterUrl()));
    out.add(nodes(client, embedded));
    out.add(traefik(engine.traefik(), embedded));
    out.add(policy(engine));
    out.add(engine.nodeShell().isPresent()
        ? Finding.ok("node access", "'node exec' and 'node cp' reach " + String.join(", ", engine.nodeShell().get().nodes()))
        : Finding.warn("node access", "kubelab cannot run commands on this cluster's nodes: labs that do (static pods, the GPU lab) cannot run",
            "run them on kubelab's embedded k3s, whose nodes are containers kubelab runs"));
    namespace.ifPresent(ns -> out.add(Finding.ok("identity", "a namespaced identity (a class student): labs run in your namespace " + ns)));
    out.addAll(rights(client, namespace.isPresent()));
    return out;
  }

  private static Finding traefik(Optional<Boolean> seen, boolean embedded) {
    if (seen.isEmpty()) {
      return Finding.warn("Traefik", "your identity may not look for it; kubelab takes the cluster at its word",
          "if the Ingress labs cannot reach their routes, ask the cluster's admin whether Traefik runs");
    }
    if (embedded) return Finding.ok("Traefik", (seen.get() ? "runs" : "not running") + "; a lab that needs it gets a cluster with it");
    if (seen.get()) return Finding.ok("Traefik", "serves ingress (IngressClass traefik)");
    return Finding.warn("Traefik", "not installed: the Ingress labs route through it",
        "run them on a k3s that kept Traefik, or on kubelab's embedded k3s (no --kubeconfig)");
  }

  private static Finding nodes(KubernetesClient client, boolean embedded) {
    List<Node> nodes;
    try {
      nodes = client.nodes().list().getItems();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 401 || e.getCode() == 403) {
        return Finding.warn("nodes", "your identity may not list nodes, so kubelab cannot count them", "fine for a class student;"
            + " otherwise ask the cluster's admin for 'list nodes'");
      }
      throw Errors.translate(e, "list the cluster's nodes");
    }
    long ready = nodes.stream().filter(Readiness::isNodeReady).count();
    String found = nodes.size() + (nodes.size() == 1 ? " node, " : " nodes, ") + ready + " Ready";
    if (ready == 0) {
      return Finding.fail("nodes", found, "is it still starting? 'kubectl describe nodes' says why a node is not Ready");
    }
    if (ready < nodes.size()) return Finding.warn("nodes", found, "'kubectl describe nodes' says why the others are not Ready");
    return Finding.ok("nodes", found + (embedded ? "; a lab that needs more gets them when it starts" : ""));
  }

  private static Finding policy(LabEngine engine) {
    String when = engine.policyProvenAt().map(at -> " (proven " + at + ")").orElse("");
    Optional<Boolean> known = engine.policyEnforcement();
    if (known.isEmpty()) {
      return Finding.warn("NetworkPolicy", "not proven yet on this cluster", "the first NetworkPolicy lab proves it"
          + " (up to half a minute) and kubelab remembers the outcome; 'start LAB --recheck' proves it again");
    }
    if (known.get()) {
      return Finding.ok("NetworkPolicy", "enforced" + when + "; after changing the CNI, 'start LAB --recheck' proves it again");
    }
    return Finding.warn("NetworkPolicy", "NOT enforced" + when + ": NetworkPolicy labs are refused",
        "use a CNI that enforces policies (Calico, Cilium; k3s's own needs the kernel's ipset), then 'start LAB --recheck'");
  }

  /** One line for what is granted, one per right refused (for a class identity, one line for all: refusals are its design). */
  private static List<Finding> rights(KubernetesClient client, boolean namespaced) {
    List<Finding> out = new ArrayList<>();
    List<String> granted = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    for (Right r : RIGHTS) {
      Optional<Boolean> allowed = allowed(client, r);
      if (allowed.isEmpty()) {
        out.add(Finding.warn("permissions", "the API server did not answer whether you may " + r.words(), "if you may not, " + r.cost()));
      } else if (allowed.get()) {
        granted.add(r.words());
      } else if (namespaced) {
        refused.add(r.words());
      } else {
        out.add(Finding.warn("permissions", "you may not " + r.words() + ": " + r.cost(), "ask the cluster's admin, or use kubelab's embedded k3s"));
      }
    }
    if (!refused.isEmpty()) {
      out.add(0, Finding.warn("permissions", "you work in your namespace only, and may not " + String.join(", ", refused),
          "as a class student that is by design: the labs listed below need a cluster of your own (kubelab without --kubeconfig)"));
    }
    if (!granted.isEmpty()) out.add(0, Finding.ok("permissions", "you may " + String.join(", ", granted)));
    return out;
  }

  /** The API server's answer; empty when it gives none (an old server, or a test mock with no authorizer). */
  private static Optional<Boolean> allowed(KubernetesClient client, Right r) {
    try {
      SelfSubjectAccessReview review = client.authorization().v1().selfSubjectAccessReview().create(
          new SelfSubjectAccessReviewBuilder().withNewSpec().withNewResourceAttributes()
              .withVerb(r.verb()).withGroup(r.group()).withResource(r.resource()).endResourceAttributes().endSpec().build());
      return review == null || review.getStatus() == null ? Optional.empty() : Optional.of(Boolean.TRUE.equals(review.getStatus().getAllowed()));
    } catch (KubernetesClientException e) {
      return Optional.empty();
    }
  }
}
