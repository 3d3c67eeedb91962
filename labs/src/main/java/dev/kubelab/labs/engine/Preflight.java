package dev.kubelab.labs.engine;

import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.labs.api.Lab;
import dev.kubelab.labs.grade.Errors;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.readiness.Readiness;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Before a lab starts: is the API reachable, are enough nodes Ready, is what the lab requires
 * there? One instance asks the cluster each question once, so a whole course (for 'list') or an
 * exam's pool costs a handful of calls. Advice names kubelab's own options only on kubelab's own
 * k3s; on a learner's cluster it says what that cluster lacks.
 */
final class Preflight {
  private static final String GATEWAY_API = "gateway.networking.k8s.io/";
  private final KubernetesClient client;
  private final boolean ownK3s;
  private List<Node> nodes;
  private boolean nodesRead;
  private Boolean traefik;
  private Boolean defaultStorageClass;
  private Boolean clusterWide;
  private final java.util.Map<String, java.util.Set<String>> served = new java.util.HashMap<>();

  Preflight(KubernetesClient client, boolean ownK3s) {
    this.client = client;
    this.ownK3s = ownK3s;
  }

  /** Every unmet requirement as one sentence with its fix; empty when the lab can start. */
  List<String> problems(Lab lab) {
    List<String> out = new ArrayList<>();
    List<Node> nodes = nodes();
    if (nodes != null) {
      long ready = nodes.stream().filter(Readiness::isNodeReady).count();
      int needed = lab.requires().nodes();
      if (ready < needed) {
        out.add("the lab needs " + needed + " Ready node(s), the cluster has " + ready
            + (ready == 0 ? " (is it still starting? wait a few seconds and try again)" : "")
            + (ownK3s ? " — start kubelab with --agents " + (needed - 1)
                : " — your cluster lacks " + (needed - ready) + " node(s); run the lab on a cluster with " + needed
                    + " nodes, or on kubelab's embedded k3s, which starts them"));
      }
    }
    String distribution = lab.requires().distribution();
    if (distribution != null && nodes != null && !nodes.isEmpty() && nodes.stream().noneMatch(n -> n.getStatus() != null
        && n.getStatus().getNodeInfo() != null && String.valueOf(n.getStatus().getNodeInfo().getKubeletVersion()).contains("+" + distribution))) {
      var info = nodes.get(0).getStatus() == null ? null : nodes.get(0).getStatus().getNodeInfo();
      out.add("the lab is about " + distribution + "'s own parts and this cluster runs "
          + (info == null ? "another distribution" : info.getKubeletVersion()) + " — run it on kubelab's embedded k3s (no --kubeconfig)");
    }
    if (lab.requires().defaultStorageClass() && !hasDefaultStorageClass()) {
      out.add("the lab needs a default StorageClass and the cluster has none — on k3s the local-path provisioner"
          + " provides one; elsewhere mark one with the annotation storageclass.kubernetes.io/is-default-class=true");
    }
    if (lab.requires().traefik() && !traefik()) {
      out.add(ownK3s
          ? "the lab needs k3s's Traefik ingress controller, which this cluster does not run — start kubelab with --traefik"
          : "the lab routes through the Traefik ingress controller (IngressClass 'traefik'), which your cluster does not run"
              + " — run it on a k3s cluster that kept Traefik, or on kubelab's embedded k3s");
    }
    List<String> missing = lab.requires().apis().stream().filter(api -> !serves(api)).toList();
    if (!missing.isEmpty()) {
      out.add("the lab uses " + String.join(", ", missing) + ", which this cluster does not serve: the CustomResourceDefinitions"
          + " that bring " + (missing.size() == 1 ? "it" : "them") + " are not installed"
          + (missing.stream().allMatch(api -> api.startsWith(GATEWAY_API))
              ? (ownK3s ? " — k3s installs the Gateway API's with its Traefik: start kubelab with --traefik"
                  : " — apply the standard channel of a Gateway API release (github.com/kubernetes-sigs/gateway-api/releases),"
                      + " or run the lab on kubelab's embedded k3s")
              : " — install them first"));
    }
    if (lab.requires().clusterScoped() && !clusterWide(lab)) {
      out.add("the lab creates cluster-wide objects and your credentials may only work inside a namespace"
          + " — run it on your own cluster (the embedded k3s) instead");
    }
    return out;
  }

  private List<Node> nodes() {
    if (!nodesRead) {
      try {
        nodes = client.nodes().list().getItems();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 403) throw Errors.translate(e, "list the cluster's nodes");
        nodes = null; // not allowed to see nodes: nothing to judge by
      }
      nodesRead = true;
    }
    return nodes;
  }

  private boolean hasDefaultStorageClass() {
    if (defaultStorageClass == null) {
      try {
        defaultStorageClass = client.storage().v1().storageClasses().list().getItems().stream().anyMatch(sc ->
            sc.getMetadata().getAnnotations() != null
                && "true".equals(sc.getMetadata().getAnnotations().get("storageclass.kubernetes.io/is-default-class")));
      } catch (KubernetesClientException e) {
        if (e.getCode() != 403) throw Errors.translate(e, "list StorageClasses");
        defaultStorageClass = true; // cannot look: the lab says so if it is missing
      }
    }
    return defaultStorageClass;
  }

  private boolean traefik() {
    if (traefik == null) traefik = hasTraefik(client);
    return traefik;
  }

  /** Whether discovery lists the kind in its group/version, asking once per group/version. */
  private boolean serves(String api) {
    int slash = api.lastIndexOf('/');
    String groupVersion = api.substring(0, slash);
    String kind = api.substring(slash + 1);
    java.util.Set<String> kinds = served.computeIfAbsent(groupVersion, gv -> {
      try {
        var list = client.getApiResources(gv);
        if (list == null) return java.util.Set.of();
        return list.getResources().stream().map(io.fabric8.kubernetes.api.model.APIResource::getKind)
            .collect(java.util.stream.Collectors.toSet());
      } catch (KubernetesClientException e) {
        if (e.getCode() == 404) return java.util.Set.of();
        if (e.getCode() == 403) return null; // may not look (a class student): taken at its word, as with Traefik
        throw Errors.translate(e, "ask the API server which kinds " + gv + " serves");
      }
    });
    return kinds == null || kinds.contains(kind);
  }

  /**
   * Whether these credentials may create the lab's cluster-wide objects: for a lab that names its
   * kinds, those (a class student may be let create just them; a Namespace is the lab's own,
   * patched by name, which a review without the name cannot tell); otherwise cluster-wide rights
   * at all.
   */
  private boolean clusterWide(Lab lab) {
    List<String> kinds = lab.requires().clusterKinds();
    if (kinds.isEmpty()) {
      if (clusterWide == null) clusterWide = allowed(client, "create", "storage.k8s.io", "storageclasses");
      return clusterWide;
    }
    for (String kind : kinds) {
      String[] groupResource = dev.kubelab.labs.classroom.ClassPolicy.KINDS.get(kind);
      if (groupResource == null || kind.equals("Namespace")) continue;
      if (!allowed(client, "create", groupResource[0], groupResource[1])) return false;
    }
    return true;
  }

  /** Traefik is there, or on its way; an identity that may not look (a class student) takes its instructor's cluster at its word. */
  static boolean hasTraefik(KubernetesClient client) {
    return traefikSeen(client).orElse(true);
  }

  /**
   * Whether Traefik is there, or on its way: its IngressClass, or k3s's HelmChart that installs it.
   * Empty when this identity may not look.
   */
  static java.util.Optional<Boolean> traefikSeen(KubernetesClient client) {
    try {
      if (client.network().v1().ingressClasses().withName("traefik").get() != null) return java.util.Optional.of(true);
      return java.util.Optional.of(client.genericKubernetesResources("helm.cattle.io/v1", "HelmChart").inNamespace("kube-system")
          .withName("traefik").get() != null);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 403) return java.util.Optional.empty();
      return java.util.Optional.of(false);
    }
  }

  /** Waits until Traefik serves: k3s installs it through a Helm job some time after the node is Ready. */
  static void awaitTraefik(KubernetesClient client, Consumer<String> progress, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    Instant nextNote = Instant.now();
    while (true) {
      try {
        var d = client.apps().deployments().inNamespace("kube-system").withName("traefik").get();
        if (d != null && Readiness.isDeploymentReady(d)) return;
      } catch (KubernetesClientException e) {
        if (e.getCode() == 403) return; // a class student may not read kube-system; the ingress checks say what they find

        throw Errors.translate(e, "read Traefik's Deployment in kube-system");
      }
      if (Instant.now().isAfter(deadline)) {
        throw KubelabException.environment("Traefik is not ready after " + timeout.toMinutes() + " minutes",
            "'kubectl get pods -n kube-system' shows why (an image pull?); then start the lab again");
      }
      if (!Instant.now().isBefore(nextNote)) {
        progress.accept("waiting for k3s's Traefik ingress controller to be ready");
        nextNote = Instant.now().plusSeconds(10);
      }
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw KubelabException.environment("interrupted while waiting for Traefik", "start the lab again");
      }
    }
  }


  /** Asks the API server; a server that cannot answer (the test mock) is taken as yes. */
  private static boolean allowed(KubernetesClient client, String verb, String group, String resource) {
    try {
      SelfSubjectAccessReview review = client.authorization().v1().selfSubjectAccessReview().create(
          new SelfSubjectAccessReviewBuilder().withNewSpec().withNewResourceAttributes()
              .withVerb(verb).withGroup(group).withResource(resource).endResourceAttributes().endSpec().build());
      return review.getStatus() == null || Boolean.TRUE.equals(review.getStatus().getAllowed());
    } catch (KubernetesClientException e) {
      return true;
    }
  }
}
