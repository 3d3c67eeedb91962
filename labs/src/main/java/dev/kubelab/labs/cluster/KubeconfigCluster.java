package dev.kubelab.labs.cluster;

import dev.kubelab.labs.api.Cluster;
import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.labs.grade.Errors;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Any existing cluster, by kubeconfig and context: kind, minikube, k3s, a cloud cluster. */
public final class KubeconfigCluster implements Cluster {
  private final KubernetesClient client;
  private final Path kubeconfig;
  private final String context;
  private final String description;

  KubeconfigCluster(KubernetesClient client, Path kubeconfig, String context, String description) {
    this.client = client;
    this.kubeconfig = kubeconfig;
    this.context = context;
    this.description = description;
  }

  static KubeconfigCluster open(ClusterOptions options, Consumer<String> progress) {
    Path file = options.kubeconfig().toAbsolutePath();
    if (!Files.isRegularFile(file)) {
      throw KubelabException.usage("no kubeconfig at " + file, "give the path of an existing kubeconfig file to --kubeconfig");
    }
    Config config;
    try {
      config = Config.fromKubeconfig(options.context(), file.toFile());
    } catch (Exception e) {
      throw KubelabException.usage("cannot read kubeconfig " + file + ": " + e.getMessage(),
          options.context() == null ? "is it a kubeconfig file?" : "does it have a context named '" + options.context() + "'?");
    }
    progress.accept("connecting to " + config.getMasterUrl());
    KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
    String version = version(client, config.getMasterUrl());
    String ctx = options.context() != null ? options.context() : config.getCurrentContext() == null ? "" : config.getCurrentContext().getName();
    String what = version == null || version.isBlank() || version.equals("null") ? "Kubernetes" : "Kubernetes " + version;
    return new KubeconfigCluster(client, file, options.context(), what + " (" + ctx + " from " + file.getFileName() + ")");
  }

  static String version(KubernetesClient client, String url) {
    try {
      return client.getKubernetesVersion().getGitVersion();
    } catch (KubernetesClientException e) {
      client.close();
      if (e.getCode() == 401 || e.getCode() == 403) {
        throw KubelabException.environment("the cluster at " + url + " refused kubelab's credentials (" + e.getCode() + ")",
            "check the kubeconfig's user: an expired token or certificate?");
      }
      throw KubelabException.environment("cannot reach the cluster at " + url + ": " + Errors.rootMessage(e),
          "is it running, and is this the right kubeconfig and context?", e);
    }
  }


  @Override
  public KubernetesClient client() {
    return client;
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  public Optional<Path> kubeconfig() {
    return Optional.of(kubeconfig);
  }

  @Override
  public int kubectl(List<String> args, Appendable out) throws Exception {
    Path kubectl = Kubectl.find().orElseThrow(() -> KubelabException.environment("no kubectl on your PATH",
        "install kubectl (https://kubernetes.io/docs/tasks/tools/) to use it through kubelab with --kubeconfig"));
    return Kubectl.run(kubectl, kubeconfig, context, args, out);
  }

  @Override
  public void close() {
    client.close();
  }
}
