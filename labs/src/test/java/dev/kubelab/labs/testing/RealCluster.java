package dev.kubelab.labs.testing;

import dev.kubelab.labs.api.Cluster;
import dev.kubelab.labs.cluster.ClusterOptions;
import dev.kubelab.labs.cluster.Clusters;
import dev.kubelab.labs.cluster.K3sCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * For {@code *IT} classes: one real cluster per test class, injected as a {@link Cluster}
 * parameter. It is the cluster named by the system property {@code kubelab.it.kubeconfig} or the
 * environment variable {@code KUBELAB_IT_KUBECONFIG} when given, else k3s in a container. With
 * neither a kubeconfig nor a container engine, the class is skipped and says why.
 */
public final class RealCluster implements ExecutionCondition, ParameterResolver {
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(RealCluster.class);

  static Path kubeconfig() {
    String p = System.getProperty("kubelab.it.kubeconfig", System.getenv("KUBELAB_IT_KUBECONFIG"));
    return p == null || p.isBlank() ? null : Path.of(p);
  }

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    if (kubeconfig() != null) return ConditionEvaluationResult.enabled("using the cluster of " + kubeconfig());
    if (K3sCluster.containerEngineAvailable()) return ConditionEvaluationResult.enabled("using k3s in a container");
    String reason = "real-cluster test skipped: no container engine here and no KUBELAB_IT_KUBECONFIG given";
    System.err.println("[kubelab] " + context.getDisplayName() + ": " + reason);
    return ConditionEvaluationResult.disabled(reason);
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    return p.getParameter().getType() == Cluster.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    ExtensionContext classContext = e.getParent().filter(c -> c.getTestClass().isPresent() && c.getTestMethod().isEmpty()).orElse(e);
    return classContext.getStore(NS).getOrComputeIfAbsent("cluster", k -> new Holder(open()), Holder.class).cluster;
  }

  private static Cluster open() {
    try {
      Path home = Files.createTempDirectory("kubelab-it");
      ClusterOptions options = new ClusterOptions(home, kubeconfig(), System.getenv("KUBELAB_IT_CONTEXT"),
          System.getProperty("kubelab.it.k3s-image", ClusterOptions.DEFAULT_K3S_IMAGE), false, ClusterOptions.Cgroups.PRIVATE,
          // the whole course's shape: multi-node labs (scheduling, drain, CNI) and Traefik for ingress
          Integer.getInteger("kubelab.it.agents", 2), !Boolean.getBoolean("kubelab.it.no-traefik"));
      return Clusters.open(options, msg -> System.err.println("[kubelab-it] " + msg));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Closed by JUnit when the test class's store is closed. */
  record Holder(Cluster cluster) implements AutoCloseable {
    @Override
    public void close() {
      cluster.close();
    }
  }
}
