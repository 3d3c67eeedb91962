package dev.kubelab.runner;

import dev.kubelab.runner.serve.ServeClient;
import dev.kubelab.runner.serve.ServeKey;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The jar's entry point. A one-shot command whose cluster has a resident server ({@code kubelab
 * serve}) is handed to it, and this process only prints the answer: it loads some 900 classes,
 * all but eight of them the JDK's, instead of 6,900 with the course, picocli and the Kubernetes
 * client. Every other line, and any line the
 * server cannot take, runs here through {@link Main}; after such a command ran here, a server is
 * started in the background for the next one.
 */
public final class Kubelab {
  private Kubelab() {}

  public static void main(String[] args) {
    Map<String, String> env = System.getenv();
    Path home = Path.of(System.getProperty("user.home"));
    String classpath = System.getProperty("java.class.path");
    Optional<ServeKey> key = ServeKey.of(List.of(args), env, home, ServeKey.runningFrom(), Path.of("").toAbsolutePath());
    ServeClient.Attempt attempt = key.isEmpty() || key.get().command().equals("serve") ? null
        : ServeClient.attempt(key.get(), env, System.console() != null, new FileOutputStream(FileDescriptor.out),
            new FileOutputStream(FileDescriptor.err));
    if (attempt != null && attempt.code() != null) {
      if (attempt.spawn()) ServeClient.spawn(key.get(), classpath);
      System.exit(attempt.code());
    }
    int code = new Main(Environment.system()).run(args);
    // a command that reached its cluster (passed or failed checks) makes the next one worth serving
    if (attempt != null && attempt.spawn() && (code == 0 || code == 1)) ServeClient.spawn(key.get(), classpath);
    System.exit(code);
  }
}
