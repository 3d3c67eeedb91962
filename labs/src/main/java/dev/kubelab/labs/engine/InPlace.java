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
 * Cleans a lab out of a namespace that is not the lab's to delete (a classroom student's): every
 * object the setup creates, and every object of the kinds the lab's checks and solutions name.
 * Objects a classroom put there (labelled {@code kubelab.dev/class}) and the namespace's own
 * defaults are kept; cluster-scoped kinds are never touched.
 */
final class InPlace {
  static final String CLASS_LABEL = "kubelab.dev/class";
  /** Where a namespaced start records the setup UIDs, so an instructor's grading can check {@code unchanged}. */
  static final String SETUP_RECORD = "kubelab-setup";
  private static final Set<String> KEEP = Set.of("ServiceAccount/default", "ConfigMap/kube-root-ca.crt", "ConfigMap/" + SETUP_RECORD);

  private final KubernetesClient client;
  private final Templates templates;

  InPlace(KubernetesClient client, Templates templates) {
    this.client = client;
    this.templates = templates;
  }

  void cleanup(Lab lab, Placement placement, Map<String, Object> model, Consumer<String> progress, Duration timeout) {
    String ns = placement.main();
    Set<String> kinds = new LinkedHashSet<>();
    for (String file : lab.setup()) kinds.addAll(kindsIn(file, model));
    for (Exercise e : lab.exercises()) {
      for (String file : e.solution().apply()) kinds.addAll(kindsIn(file, model));
      for (String d : e.solution().delete()) kinds.add(kindOf(ResourceRef.parse(templates.renderString(d, model))));
      for (CheckSpec c : e.checks()) {
        Object resource = c.fields().get("resource");
        if (resource instanceof String s && s.contains("/")) { // a can-i check's resource is a type ("secrets"), not an object
          kinds.add(kindOf(ResourceRef.parse(templates.renderString(s, model))));
        } else if (resource instanceof Map<?, ?> m && m.get("kind") != null) {
          Object v = m.get("apiVersion");
          kinds.add((v == null ? "v1" : templates.renderString(v.toString(), model)) + "|" + m.get("kind"));
        }
      }
    }
    List<String[]> deleted = new ArrayList<>();
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
          deleted.add(new String[] {apiVersion, kind, r.getMetadata().getName()});
        }
      } catch (KubernetesClientException e) {
        if (e.getCode() == 404) continue; // a kind this cluster does not serve has nothing to delete
        throw Errors.translate(e, "delete the lab's " + kind + " objects in namespace " + ns);
      }
    }
    awaitGone(ns, deleted, progress, timeout);
  }

  /** Deleted objects may linger (graceful pod termination); setup must not meet them again. */
  private void awaitGone(String ns, List<String[]> deleted, Consumer<String> progress, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    for (String[] d : deleted) {
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
