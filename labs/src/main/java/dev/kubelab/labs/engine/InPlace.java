package dev.kubelab.labs.engine;

import dev.kubelab.labs.api.CheckSpec;
import dev.kubelab.labs.api.Exercise;
import dev.kubelab.labs.api.Lab;
import dev.kubelab.labs.api.Placement;
import dev.kubelab.labs.check.ResourceRef;
import dev.kubelab.labs.content.Manifests;
import dev.kubelab.labs.content.Problems;
import dev.kubelab.labs.content.Templates;
import dev.kubelab.labs.grade.Errors;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import dev.kubelab.labs.api.KubelabException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Cleans a lab out of namespaces that are not the lab's to delete (a classroom student's): every
 * object the setup creates, and every object of the kinds the lab's checks and solutions name.
 * Objects a classroom put there (labelled {@code kubelab.dev/class}) and the namespaces' own
 * defaults are kept. Cluster-scoped kinds are never listed: only a lab that names its
 * cluster-scoped kinds ({@code clusterKinds}) has the objects of its cleanup list deleted by name,
 * and its namespaces' Pod Security labels put back to the class's level.
 */
final class InPlace {
  static final String CLASS_LABEL = "kubelab.dev/class";
  /** Where a namespaced start records the setup UIDs, so an instructor's grading can check {@code unchanged}. */
  static final String SETUP_RECORD = "kubelab-setup";
  /** On a class's namespace: the Pod Security level the class enforces there (see the classroom's Naming). */
  static final String POD_SECURITY_ANNOTATION = "kubelab.dev/pod-security-enforce";
  private static final String POD_SECURITY_PREFIX = "pod-security.kubernetes.io/";
  private static final Set<String> KEEP = Set.of("ServiceAccount/default", "ConfigMap/kube-root-ca.crt", "ConfigMap/" + SETUP_RECORD);

  private final KubernetesClient client;
  private final Templates templates;

  InPlace(KubernetesClient client, Templates templates) {
    this.client = client;
    this.templates = templates;
  }

  void cleanup(Lab lab, Placement placement, Map<String, Object> model, Consumer<String> progress, Duration timeout) {
    Set<String> kinds = new LinkedHashSet<>();
    for (String file : lab.setup()) kinds.addAll(kindsIn(file, model));
    for (Exercise e : lab.exercises()) {
      for (String file : e.solution().apply()) kinds.addAll(kindsIn(file, model));
      for (String d : e.solution().delete()) kinds.add(kindOf(ResourceRef.parse(templates.renderString(d, model))));
      for (CheckSpec c : e.checks()) {
        if (c.kind().equals("can-i")) continue; // its resource is a type ("secrets", "deployments/scale"), not an object
        Object resource = c.fields().get("resource");
        if (resource instanceof String s && s.contains("/")) {
          kinds.add(kindOf(ResourceRef.parse(templates.renderString(s, model))));
        } else if (resource instanceof Map<?, ?> m && m.get("kind") != null) {
          Object v = m.get("apiVersion");
          kinds.add((v == null ? "v1" : templates.renderString(v.toString(), model)) + "|" + m.get("kind"));
        }
      }
    }
    List<String[]> deleted = new ArrayList<>();
    for (String ns : placement.namespaces().values()) deleteIn(ns, kinds, deleted, progress);
    if (!lab.requires().clusterKinds().isEmpty()) clusterScoped(lab, placement, model, progress);
    awaitGone(deleted, progress, timeout);
  }

  /**
   * What a class lets a student have cluster-wide for this lab: the objects its cleanup list names
   * (each named after the student's namespace, so never another's) are deleted, and namespaces
   * whose Pod Security labels the lab changes get the class's level back.
   */
  private void clusterScoped(Lab lab, Placement placement, Map<String, Object> model, Consumer<String> progress) {
    for (String c : lab.cleanup()) {
      ResourceRef r = ResourceRef.parse(templates.renderString(c, model));
      // a kind the class does not let students create (security/rbac's ClusterRoleBinding) has nothing of theirs
      if (!lab.requires().clusterKinds().contains(r.kind())) continue;
      try {
        if (client.genericKubernetesResources(r.apiVersion(), r.kind()).withName(r.name()).get() == null) continue;
        progress.accept("deleting " + r.describe());
        client.genericKubernetesResources(r.apiVersion(), r.kind()).withName(r.name()).delete();
      } catch (KubernetesClientException e) {
        throw Errors.translate(e, "delete " + r.describe());
      }
    }
    if (!lab.requires().clusterKinds().contains("Namespace")) return;
    for (String ns : placement.namespaces().values()) {
      try {
        var now = client.namespaces().withName(ns).get();
        Map<String, String> notes = now == null ? null : now.getMetadata().getAnnotations();
        String level = notes == null ? null : notes.get(POD_SECURITY_ANNOTATION);
        if (level == null) continue;
        Map<String, String> labels = now.getMetadata().getLabels() == null ? new java.util.LinkedHashMap<>()
            : new java.util.LinkedHashMap<>(now.getMetadata().getLabels());
        Map<String, String> wanted = new java.util.LinkedHashMap<>(labels);
        wanted.keySet().removeIf(k -> k.startsWith(POD_SECURITY_PREFIX));
        wanted.put(POD_SECURITY_PREFIX + "enforce", level);
        if (wanted.equals(labels)) continue;
        progress.accept("putting namespace " + ns + "'s Pod Security labels back to enforce=" + level);
        client.namespaces().withName(ns).edit(n -> {
          n.getMetadata().setLabels(wanted);
          return n;
        });
      } catch (KubernetesClientException e) {
        throw Errors.translate(e, "put namespace " + ns + "'s Pod Security labels back");
      }
    }
  }

  private void deleteIn(String ns, Set<String> kinds, List<String[]> deleted, Consumer<String> progress) {
    for (String k : kinds) {
      String apiVersion = k.substring(0, k.indexOf('|'));
      String kind = k.substring(k.indexOf('|') + 1);
      if (!namespaced(apiVersion, kind)) continue;
      try {
        for (GenericKubernetesResource r : client.genericKubernetesResources(apiVersion, kind).inNamespace(ns).list().getItems()) {
          Map<String, String> labels = r.getMetadata().getLabels();
          if ((labels != null && labels.containsKey(CLASS_LABEL)) || KEEP.contains(kind + "/" + r.getMetadata().getName())) continue;
          progress.accept("deleting " + kind + " " + r.getMetadata().getName());
          client.genericKubernetesResources(apiVersion, kind).inNamespace(ns).withName(r.getMetadata().getName()).delete();
          deleted.add(new String[] {apiVersion, kind, r.getMetadata().getName(), ns});
        }
      } catch (KubernetesClientException e) {
        if (e.getCode() == 404) continue; // a kind this cluster does not serve has nothing to delete
        throw Errors.translate(e, "delete the lab's " + kind + " objects in namespace " + ns);
      }
    }
  }

  /** Deleted objects may linger (graceful pod termination); setup must not meet them again. */
  private void awaitGone(List<String[]> deleted, Consumer<String> progress, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    for (String[] d : deleted) {
      String ns = d[3];
      while (client.genericKubernetesResources(d[0], d[1]).inNamespace(ns).withName(d[2]).get() != null) {
        if (Instant.now().isAfter(deadline)) {
          throw KubelabException.environment(d[1] + " " + d[2] + " in namespace " + ns + " is still being deleted after "
              + timeout.toSeconds() + "s", "'kubectl get " + d[1].toLowerCase() + " " + d[2] + " -o yaml' shows what holds it; try reset again");
        }
        progress.accept("waiting for " + d[1] + " " + d[2] + " to go");
        try {
          Thread.sleep(500);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw KubelabException.environment("interrupted while cleaning up", "run reset again");
        }
      }
    }
  }

  private Set<String> kindsIn(String file, Map<String, Object> model) {
    Problems problems = new Problems();
    List<Map<String, Object>> objects = Manifests.parse(file, templates.render(file, model), problems);
    problems.throwIfAny(file);
    Set<String> out = new LinkedHashSet<>();
    for (Map<String, Object> o : objects) out.add(o.get("apiVersion") + "|" + o.get("kind"));
    return out;
  }

  private static String kindOf(ResourceRef r) {
    return r.apiVersion() + "|" + r.kind();
  }

  /** Only kinds known to live in a namespace: a cluster-scoped kind must never be listed and deleted wholesale. */
  private boolean namespaced(String apiVersion, String kind) {
    GenericKubernetesResource probe = new GenericKubernetesResource();
    probe.setApiVersion(apiVersion);
    probe.setKind(kind);
    probe.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("probe").build());
    HasMetadata typed;
    try {
      typed = client.getKubernetesSerialization().convertValue(probe, HasMetadata.class);
    } catch (RuntimeException e) {
      typed = probe;
    }
    if (!(typed instanceof GenericKubernetesResource)) return typed instanceof io.fabric8.kubernetes.api.model.Namespaced;
    try {
      var list = client.getApiResources(apiVersion);
      return list != null && list.getResources().stream().anyMatch(r -> kind.equals(r.getKind()) && Boolean.TRUE.equals(r.getNamespaced()));
    } catch (KubernetesClientException e) {
      return false;
    }
  }
}
