package dev.kubelab.labs.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The TeamSpace controller for one namespace: shared informers on the TeamSpaces and on the kinds
 * of their children turn every change into "reconcile that TeamSpace", and one worker thread runs
 * those passes one at a time, so two passes never race on the same children.
 */
final class TeamSpaceRun implements Operator.Run {
  private static final Logger LOG = Logger.getLogger(TeamSpaceRun.class.getName());

  private final String namespace;
  private final TeamSpaceReconciler reconciler;
  private final ExecutorService worker;
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();

  private TeamSpaceRun(String namespace, TeamSpaceReconciler reconciler) {
    this.namespace = namespace;
    this.reconciler = reconciler;
    this.worker = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "kubelab-teamspace-operator-" + namespace);
      t.setDaemon(true); // kubelab's exit ends it; what it made stays in the cluster
      return t;
    });
  }

  static TeamSpaceRun start(KubernetesClient client, String namespace, TeamSpaceReconciler reconciler) {
    TeamSpaceRun run = new TeamSpaceRun(namespace, reconciler);
    try {
      run.informers.add(client.genericKubernetesResources(TeamSpaceOperator.context(namespace)).inNamespace(namespace)
          .inform(run.handler(cr -> run.enqueue(cr.getMetadata().getName()))));
      run.informers.add(client.resourceQuotas().inNamespace(namespace).inform(run.handler(run::enqueueOwner)));
      run.informers.add(client.rbac().roleBindings().inNamespace(namespace).inform(run.handler(run::enqueueOwner)));
      run.informers.add(client.network().v1().networkPolicies().inNamespace(namespace).inform(run.handler(run::enqueueOwner)));
      run.settle();
      return run;
    } catch (RuntimeException e) {
      run.close();
      throw e;
    }
  }

  private <T extends HasMetadata> ResourceEventHandler<T> handler(Consumer<T> wake) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        wake.accept(obj);
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        wake.accept(newObj);
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        wake.accept(obj);
      }
    };
  }

  /** A child changed: reconcile the TeamSpace that controls it, if one does. */
  private void enqueueOwner(HasMetadata child) {
    List<OwnerReference> owners = child.getMetadata().getOwnerReferences();
    if (owners == null) return;
    owners.stream().filter(o -> TeamSpaceOperator.KIND.equals(o.getKind())
            && (TeamSpaceOperator.group(namespace) + "/" + TeamSpaceOperator.VERSION).equals(o.getApiVersion()))
        .forEach(o -> enqueue(o.getName()));
  }

  private void enqueue(String name) {
    if (worker.isShutdown()) return;
    try {
      worker.execute(() -> {
        try {
          reconciler.reconcile(name);
        } catch (KubernetesClientException e) {
          // level-triggered: the next event or pass sees the same state again and retries
          LOG.log(Level.FINE, "reconciling TeamSpace " + namespace + "/" + name + " failed", e);
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closing
    }
  }

  @Override
  public void settle() {
    try {
      worker.submit(reconciler::reconcileAll).get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof KubernetesClientException k) throw dev.kubelab.labs.grade.Errors.translate(k, "reconcile the TeamSpaces in " + namespace);
      if (e.getCause() instanceof RuntimeException r) throw r;
      throw new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      throw dev.kubelab.labs.api.KubelabException.environment("the TeamSpace operator in " + namespace + " did not finish a pass in 60s",
          "is the cluster slow or gone? 'kubectl get teamspaces -n " + namespace + "' should answer");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::close);
    worker.shutdownNow();
  }
}
