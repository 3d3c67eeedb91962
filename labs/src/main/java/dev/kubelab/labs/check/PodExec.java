package dev.kubelab.labs.check;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs a command in a pod's container: the seam checks use, so tests can answer without kubelets. */
@FunctionalInterface
public interface PodExec {

  Result run(String namespace, String pod, String container, List<String> command, Duration timeout);

  /** What the command printed (stdout and stderr together) and its exit code; -1 when it timed out. */
  record Result(int exitCode, String output) {
    public boolean timedOut() {
      return exitCode == -1;
    }
  }

  /** Through the API server's exec subresource, as kubectl exec does. */
  static PodExec of(KubernetesClient client) {
    return (namespace, pod, container, command, timeout) -> {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      var op = client.pods().inNamespace(namespace).withName(pod);
      var exec = container == null ? op.writingOutput(out).writingError(out) : op.inContainer(container).writingOutput(out).writingError(out);
      try (ExecWatch w = exec.exec(command.toArray(String[]::new))) {
        Integer code = w.exitCode().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return new Result(code == null ? 0 : code, out.toString(StandardCharsets.UTF_8).strip());
      } catch (TimeoutException e) {
        return new Result(-1, out.toString(StandardCharsets.UTF_8).strip());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Result(-1, "interrupted");
      } catch (Exception e) {
        throw new IllegalStateException("could not run " + String.join(" ", command) + " in pod " + pod + ": " + e.getMessage(), e);
      }
    };
  }
}
