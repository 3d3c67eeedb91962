package dev.kubelab.labs.cluster;

import java.time.Duration;
import java.time.Instant;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;

/**
 * Waits until k3s's API server answers {@code /readyz} with "ok", asked from inside the container,
 * rather than for a log line whose wording changes between k3s releases.
 */
final class ApiReady extends AbstractWaitStrategy {
  ApiReady(Duration timeout) {
    withStartupTimeout(timeout);
  }

  @Override
  protected void waitUntilReady() {
    Instant deadline = Instant.now().plus(startupTimeout);
    String last = "no answer yet";
    while (Instant.now().isBefore(deadline)) {
      try {
        ExecResult r = waitStrategyTarget.execInContainer("kubectl", "get", "--raw", "/readyz");
        if (r.getExitCode() == 0 && r.getStdout().strip().equals("ok")) return;
        last = (r.getStdout() + r.getStderr()).strip();
        if (!waitStrategyTarget.isRunning()) break;
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ContainerLaunchException("interrupted while waiting for the k3s API server");
      } catch (Exception e) {
        last = e.getMessage();
      }
    }
    throw new ContainerLaunchException("the k3s API server did not become ready within "
        + startupTimeout.toSeconds() + "s; last answer: " + last);
  }
}
