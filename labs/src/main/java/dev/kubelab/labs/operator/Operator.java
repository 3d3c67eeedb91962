package dev.kubelab.labs.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;

/**
 * An operator kubelab runs in its own process for a lab that names it in
 * {@code requires.operators}: a CustomResourceDefinition of its own, per lab namespace, and a
 * controller that watches the custom resources there and keeps their children as they ask. It runs
 * while kubelab runs; objects it made stay in the cluster when kubelab stops.
 *
 * <p>Order for a lab: the namespaces are created, {@link #install}, {@link #run}, the setup
 * manifests are applied. Reset and cleanup close the run first, then {@link #uninstall}.
 */
public interface Operator {

  /** The id labs name it by, e.g. "teamspace"; its template variables sit under it. */
  String id();

  /** Template variables for a lab whose main namespace is {@code namespace} (its API group and version, ...). */
  Map<String, Object> model(String namespace);

  /** Creates or updates the operator's CRD for that namespace; waits up to {@code established} for the API to serve it (zero: no wait). */
  void install(KubernetesClient client, String namespace, Duration established);

  /** Deletes the CRD of that namespace, and with it every custom resource of its kind. */
  void uninstall(KubernetesClient client, String namespace);

  /** Starts watching the namespace and reconciling; returns once the first pass is done. */
  Run run(KubernetesClient client, String namespace);

  /** A running controller for one namespace. */
  interface Run extends AutoCloseable {

    /** Reconciles every custom resource of the namespace now and returns when that pass and all work queued before it are done. */
    void settle();

    /** Stops watching; what it made stays. */
    @Override
    void close();
  }
}
