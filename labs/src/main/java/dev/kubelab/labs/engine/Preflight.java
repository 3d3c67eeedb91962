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
import java.util.ArrayList;
import java.util.List;

/** Before a lab starts: is the API reachable, are enough nodes Ready, is what the lab requires there? */
final class Preflight {
  private Preflight() {}

  /** Every unmet requirement as one sentence with its fix; empty when the lab can start. */
  static List<String> problems(KubernetesClient client, Lab lab) {
    List<String> out = new ArrayList<>();
    List<Node> nodes;
    try {
      nodes = client.nodes().list().getItems();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 403) {
        nodes = null;
      } else {
        throw Errors.translate(e, "list the cluster's nodes");
      }
    }
    if (nodes != null) {
      long ready = nodes.stream().filter(Readiness::isNodeReady).count();
      if (ready < lab.requires().nodes()) {
        out.add("the lab needs " + lab.requires().nodes() + " Ready node(s), the cluster has " + ready
            + (ready == 0 ? " (is it still starting? wait a few seconds and try again)" : "")
            + " — start kubelab with --agents " + (lab.requires().nodes() - 1) + ", or use a bigger cluster");
      }
    }
    String distribution = lab.requires().distribution();
    if (distribution != null && nodes != null && !nodes.isEmpty() && nodes.stream().noneMatch(n -> n.getStatus() != null
        && n.getStatus().getNodeInfo() != null && String.valueOf(n.getStatus().getNodeInfo().getKubeletVersion()).contains("+" + distribution))) {
      out.add("the lab is about " + distribution + "'s own parts and this cluster runs "
          + nodes.get(0).getStatus().getNodeInfo().getKubeletVersion() + " — run it on kubelab's embedded k3s (no --kubeconfig)");
    }
    if (lab.requires().defaultStorageClass()) {
      try {
        boolean any = client.storage().v1().storageClasses().list().getItems().stream().anyMatch(sc ->
            sc.getMetadata().getAnnotations() != null
                && "true".equals(sc.getMetadata().getAnnotations().get("storageclass.kubernetes.io/is-default-class")));
        if (!any) {
          out.add("the lab needs a default StorageClass and the cluster has none — on k3s the local-path provisioner"
              + " provides one; elsewhere mark one with the annotation storageclass.kubernetes.io/is-default-class=true");
        }
      } catch (KubernetesClientException e) {
        if (e.getCode() != 403) throw Errors.translate(e, "list StorageClasses");
      }
    }
    if (lab.requires().clusterScoped() && !allowed(client, "create", "storage.k8s.io", "storageclasses")) {
      out.add("the lab creates cluster-wide objects and your credentials may only work inside a namespace"
          + " — run it on your own cluster (the embedded k3s) instead");
    }
    return out;
  }

  static void require(KubernetesClient client, Lab lab) {
    List<String> p = problems(client, lab);
    if (!p.isEmpty()) {
      throw KubelabException.environment("the cluster cannot run lab " + lab.id() + ": " + String.join("; ", p),
          "fix the above, then start the lab again");
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
