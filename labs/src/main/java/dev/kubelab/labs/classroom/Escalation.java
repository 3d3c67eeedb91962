package dev.kubelab.labs.classroom;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import dev.kubelab.labs.grade.Errors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Tries, for every student, the ways out of their namespaces a student might attempt, and proves
 * each refused by the API server itself: RBAC questions (SubjectAccessReviews) about rights that
 * would reach beyond the student, and server-side dry runs made as the student (impersonated), so
 * admission runs too: objects outside their prefix or directory, a Pod Security level below the
 * floor, lifting their own isolation. The creates a class does allow are tried the same way and
 * must be accepted. Nothing is stored: every change is a dry run.
 */
public final class Escalation {
  private final KubernetesClient client;

  public Escalation(KubernetesClient client) {
    this.client = client;
  }

  /** One try: what was attempted, whether it should be allowed, whether it was, and the API server's words. */
  public record Try(String student, String action, boolean expectAllowed, boolean allowed, String answer) {
    public boolean gap() {
      return expectAllowed != allowed;
    }
  }

  /**
   * Every try for every student; {@code offer} says what the class lets students create
   * cluster-wide (without it, those creates must be refused too). A student's neighbour is the next
   * one in the list.
   */
  public List<Try> verify(List<ClassStudent> students, ClassOffer offer, List<String> provisioners) {
    List<Try> out = new ArrayList<>();
    for (int i = 0; i < students.size(); i++) {
      ClassStudent s = students.get(i);
      String own = s.namespace();
      String other = students.size() > 1 ? students.get((i + 1) % students.size()).namespace() : null;
      boolean roles = offer.clusterKinds().contains("ClusterRole");
      out.add(review(s, "create", "rbac.authorization.k8s.io", "clusterrolebindings", null, null, "create a ClusterRoleBinding", false));
      // where the class offers ClusterRoles, creating (and escalating) them is allowed, and admission confines them to reading
      String guarded = roles ? " (admission keeps theirs to reading, under their prefix)" : "";
      out.add(review(s, "create", "rbac.authorization.k8s.io", "clusterroles", null, null, "create a ClusterRole" + guarded, roles));
      out.add(review(s, "escalate", "rbac.authorization.k8s.io", "clusterroles", null, null, "escalate a ClusterRole" + guarded, roles));
      out.add(review(s, "bind", "rbac.authorization.k8s.io", "clusterroles", null, "cluster-admin", "bind the ClusterRole cluster-admin", false));
      out.add(review(s, "update", "rbac.authorization.k8s.io", "clusterroles", null, "admin", "change the built-in ClusterRole admin", false));
      out.add(review(s, "list", "", "persistentvolumes", null, null, "list every PersistentVolume (other students' among them)", false));
      if (other != null) {
        out.add(review(s, "create", "rbac.authorization.k8s.io", "rolebindings", other, null, "bind a role in a neighbour's namespace", false));
        out.add(review(s, "patch", "", "namespaces", null, other, "relabel a neighbour's namespace", false));
      }
      try (KubernetesClient as = as(s)) {
        out.add(dryRun(s, as, "delete their own isolation NetworkPolicy", false, c -> {
          NetworkPolicy np = c.network().v1().networkPolicies().inNamespace(own).withName(StudentObjects.NETWORK_POLICY).get();
          if (np == null) throw new IllegalStateException("their NetworkPolicy " + StudentObjects.NETWORK_POLICY + " is missing");
          c.resource(np).dryRun().delete();
          return null;
        }));
        out.add(dryRun(s, as, "lift their class's ResourceQuota", false, c -> {
          var quota = c.resourceQuotas().inNamespace(own).withName(StudentObjects.QUOTA).get();
          if (quota == null) throw new IllegalStateException("their ResourceQuota " + StudentObjects.QUOTA + " is missing");
          c.resourceQuotas().inNamespace(own).withName(StudentObjects.QUOTA).dryRun().edit(q -> {
            q.getSpec().getHard().put("pods", new Quantity("1000"));
            return q;
          });
          return null;
        }));
        out.add(dryRun(s, as, "delete their class's LimitRange", false, c -> {
          var limits = c.limitRanges().inNamespace(own).withName(StudentObjects.LIMITS).get();
          if (limits == null) throw new IllegalStateException("their LimitRange " + StudentObjects.LIMITS + " is missing");
          c.resource(limits).dryRun().delete();
          return null;
        }));
        out.add(dryRun(s, as, "bind cluster-admin in their own namespace", false, c -> create(c, new RoleBindingBuilder()
            .withNewMetadata().withName("kubelab-verify").withNamespace(own).endMetadata()
            .withNewRoleRef().withApiGroup(RBAC).withKind("ClusterRole").withName("cluster-admin").endRoleRef()
            .addNewSubject().withKind("ServiceAccount").withName(Naming.SERVICE_ACCOUNT).withNamespace(own).endSubject().build())));
        out.add(dryRun(s, as, "create a ClusterRole that writes (delete pods)", false, c -> create(c,
            clusterRole(own + "-kubelab-verify", Map.of(), "delete"))));
        out.add(dryRun(s, as, "create a ClusterRole that aggregates into the built-in admin", false, c -> create(c,
            clusterRole(own + "-kubelab-verify", Map.of("rbac.authorization.k8s.io/aggregate-to-admin", "true"), "get"))));
        out.add(dryRun(s, as, "create a ClusterRole outside their prefix", false, c -> create(c,
            clusterRole("kubelab-verify-" + Integer.toHexString(own.hashCode()), Map.of(), "get"))));
        out.add(dryRun(s, as, "create a ClusterRole named <their namespace>-… that reads pods", roles, c -> create(c,
            clusterRole(own + "-kubelab-verify", Map.of(), "get"))));
        out.add(dryRun(s, as, "set their namespace to Pod Security privileged", false, c -> {
          c.namespaces().withName(own).dryRun().edit(n -> new NamespaceBuilder(n).editMetadata()
              .addToLabels("pod-security.kubernetes.io/enforce", "privileged").endMetadata().build());
          return null;
        }));
        boolean sc = offer.clusterKinds().contains("StorageClass");
        boolean pv = offer.clusterKinds().contains("PersistentVolume");
        String provisioner = provisioners.isEmpty() ? "rancher.io/local-path" : provisioners.get(0);
        out.add(dryRun(s, as, "create a StorageClass outside their prefix", false, c -> create(c,
            new StorageClassBuilder().withNewMetadata().withName("kubelab-verify-" + s.namespace().hashCode()).endMetadata()
                .withProvisioner(provisioner).build())));
        out.add(dryRun(s, as, "create a PersistentVolume on the node's /", false, c -> create(c, pv(own + "-kubelab-verify", "/"))));
        out.add(dryRun(s, as, "create a StorageClass named <their namespace>-…", sc, c -> create(c,
            new StorageClassBuilder().withNewMetadata().withName(own + "-kubelab-verify").endMetadata().withProvisioner(provisioner).build())));
        out.add(dryRun(s, as, "create a PersistentVolume under " + ClassPolicy.HOST_PATH_ROOT + "<their namespace>/", pv, c -> create(c,
            pv(own + "-kubelab-verify", ClassPolicy.HOST_PATH_ROOT + own + "/verify"))));
        if (pv && other != null) { // where students make volumes, a claim of theirs may bind only their own
          out.add(dryRun(s, as, "claim a neighbour's volume (volumeName)", false, c -> create(c, claim(own, other + "-pv-manual"))));
          out.add(dryRun(s, as, "make a classless claim that could bind anyone's volume", false, c -> create(c, claim(own, null))));
        }
      }
    }
    return out;
  }

  private static final String RBAC = "rbac.authorization.k8s.io";

  private static HasMetadata clusterRole(String name, Map<String, String> labels, String verb) {
    return new ClusterRoleBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
        .addNewRule().withApiGroups("").withResources("pods").withVerbs(verb).endRule().build();
  }

  private static HasMetadata claim(String namespace, String volume) {
    return new io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder().withNewMetadata().withName("kubelab-verify")
        .withNamespace(namespace).endMetadata().withNewSpec().withStorageClassName("").withVolumeName(volume)
        .withAccessModes("ReadWriteOnce").withNewResources().addToRequests("storage", new Quantity("1Gi")).endResources().endSpec().build();
  }

  private static HasMetadata pv(String name, String path) {
    return new PersistentVolumeBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
        .addToCapacity("storage", new Quantity("1Gi")).withAccessModes("ReadWriteOnce").withStorageClassName("")
        .withNewHostPath().withPath(path).endHostPath().endSpec().build();
  }

  private static Void create(KubernetesClient c, HasMetadata obj) {
    c.resource(obj).dryRun().create();
    return null;
  }

  private Try dryRun(ClassStudent s, KubernetesClient as, String action, boolean expect, Function<KubernetesClient, Void> attempt) {
    try {
      attempt.apply(as);
      return new Try(s.id(), action, expect, true, "accepted (dry run)");
    } catch (KubernetesClientException e) {
      if (e.getCode() != 403 && e.getCode() != 422 && e.getCode() != 400) throw Errors.translate(e, action + " as " + s.id());
      String message = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
      return new Try(s.id(), action, expect, false, "refused: " + message);
    } catch (IllegalStateException e) {
      return new Try(s.id(), action, expect, true, e.getMessage());
    }
  }

  /** A client that acts as the student's ServiceAccount (the instructor's credentials impersonating it). */
  private KubernetesClient as(ClassStudent s) {
    return new KubernetesClientBuilder().withConfig(new ConfigBuilder(client.getConfiguration())
        .withImpersonateUsername(s.user()).withImpersonateGroups(s.groups()).build()).build();
  }

  private Try review(ClassStudent s, String verb, String group, String resource, String ns, String name, String action,
      boolean expect) {
    boolean allowed = Isolation.allowed(client, s, verb, group, resource, ns, name);
    return new Try(s.id(), action, expect, allowed, allowed ? "RBAC allows it" : "RBAC denies it");
  }
}
