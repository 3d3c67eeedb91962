package dev.kubelab.labs.classroom;

import dev.kubelab.labs.api.KubelabException;
import io.fabric8.kubernetes.client.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * A student's kubeconfig: the instructor's API server URL and CA, the student's ServiceAccount
 * token, and a context whose namespace is the student's (which is how the runner knows it is in
 * namespaced mode).
 */
public final class StudentKubeconfig {
  private StudentKubeconfig() {}

  /** True for an API server address only the instructor's own machine reaches. */
  public static boolean loopback(String url) {
    String host = java.net.URI.create(url).getHost();
    return host == null || host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1");
  }

  /** The kubeconfig as YAML. {@code instructor} gives the server and how to trust it. */
  public static String render(Config instructor, String className, String namespace, String token) {
    return render(instructor, null, className, namespace, token);
  }

  /**
   * The kubeconfig as YAML, with {@code server} (when not null) as the address students use:
   * the instructor's own may be one only their machine reaches (127.0.0.1).
   */
  public static String render(Config instructor, String server, String className, String namespace, String token) {
    String context = Naming.context(className);
    Map<String, Object> cluster = new LinkedHashMap<>();
    cluster.put("server", (server != null ? server : instructor.getMasterUrl()).replaceAll("/+$", ""));
    String ca = caData(instructor);
    if (ca != null) {
      cluster.put("certificate-authority-data", ca);
    } else if (instructor.isTrustCerts()) {
      cluster.put("insecure-skip-tls-verify", true);
    }
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("apiVersion", "v1");
    root.put("kind", "Config");
    root.put("clusters", List.of(Map.of("name", context, "cluster", cluster)));
    root.put("users", List.of(Map.of("name", namespace, "user", Map.of("token", token))));
    Map<String, Object> ctx = new LinkedHashMap<>();
    ctx.put("cluster", context);
    ctx.put("user", namespace);
    ctx.put("namespace", namespace);
    root.put("contexts", List.of(Map.of("name", context, "context", ctx)));
    root.put("current-context", context);
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    return new Yaml(options).dump(root);
  }

  /** The CA as base64 PEM: inline in the instructor's kubeconfig, or read from the file it names. */
  static String caData(Config c) {
    if (c.getCaCertData() != null && !c.getCaCertData().isBlank()) return c.getCaCertData().trim();
    if (c.getCaCertFile() != null && !c.getCaCertFile().isBlank()) {
      try {
        return Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(c.getCaCertFile())));
      } catch (IOException e) {
        throw KubelabException.environment("cannot read the cluster's CA certificate " + c.getCaCertFile() + ": " + e.getMessage(),
            "the students' kubeconfigs need it; check the path in your kubeconfig");
      }
    }
    return null;
  }

  /** Writes the file atomically, readable by its owner only where the file system allows it. */
  public static void write(Path file, String yaml) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName() + ".", ".tmp");
      try {
        ownerOnly(tmp);
        Files.writeString(tmp, yaml);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw KubelabException.environment("cannot write " + file + ": " + e.getMessage(), "is the folder writable?");
    }
  }

  private static void ownerOnly(Path p) throws IOException {
    try {
      Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system (Windows): the folder's permissions apply
    }
  }
}
