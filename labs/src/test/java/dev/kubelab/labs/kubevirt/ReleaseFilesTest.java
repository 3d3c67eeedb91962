package dev.kubelab.labs.kubevirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.kubelab.labs.api.KubelabException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The release downloader against a local HTTP server standing in for GitHub. */
class ReleaseFilesTest {
  @TempDir Path home;
  HttpServer server;
  final AtomicInteger requests = new AtomicInteger();
  final List<String> progress = new ArrayList<>();
  volatile int status = 200;
  volatile String body = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: kubevirt\n" + "# padding\n".repeat(60_000);
  volatile String rateRemaining = null;

  @BeforeEach
  void serve() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      requests.incrementAndGet();
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      if (rateRemaining != null) exchange.getResponseHeaders().add("x-ratelimit-remaining", rateRemaining);
      exchange.sendResponseHeaders(status, status == 200 ? bytes.length : -1);
      if (status == 200) exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  ReleaseFiles files() {
    URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/download/" + ReleaseFiles.VERSION + "/");
    return new ReleaseFiles(home, base, ReleaseFiles.client(null));
  }

  @Test
  void downloadsOnceWithProgressThenReadsTheKeptCopyOffline() {
    String first = files().read(ReleaseFiles.OPERATOR, progress::add);
    assertThat(first).startsWith("apiVersion: v1");
    assertThat(home.resolve("addons/kubevirt/" + ReleaseFiles.VERSION + "/" + ReleaseFiles.OPERATOR)).hasContent(first);
    assertThat(progress.get(0)).contains("downloading kubevirt-operator.yaml of KubeVirt " + ReleaseFiles.VERSION);
    assertThat(progress).anyMatch(p -> p.matches(".*kubevirt-operator.yaml: \\d+ KiB of \\d+ KiB"));

    server.stop(0); // offline from now on
    assertThat(files().read(ReleaseFiles.OPERATOR, progress::add)).isEqualTo(first);
    assertThat(requests).hasValue(1);
  }

  @Test
  void offlineWithoutAKeptCopySaysSoAndWhereToPutTheFile() {
    server.stop(0);
    assertThatThrownBy(() -> files().read(ReleaseFiles.CR, progress::add))
        .isInstanceOfSatisfying(KubelabException.class, e -> {
          assertThat(e.exitCode()).isEqualTo(KubelabException.ENVIRONMENT);
          assertThat(e.getMessage()).contains("cannot download KubeVirt " + ReleaseFiles.VERSION + " (kubevirt-cr.yaml)")
              .contains("no network");
          assertThat(e.hint()).contains("HTTPS_PROXY").contains(home.resolve("addons/kubevirt").toString());
        });
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void aRateLimitIsNamedAsSuch() {
    status = 403;
    rateRemaining = "0";
    assertThatThrownBy(() -> files().read(ReleaseFiles.OPERATOR, progress::add))
        .hasMessageContaining("rate limit").isInstanceOfSatisfying(KubelabException.class,
            e -> assertThat(e.hint()).contains("download").contains("in a browser"));
    status = 429;
    rateRemaining = null;
    assertThatThrownBy(() -> files().read(ReleaseFiles.OPERATOR, progress::add)).hasMessageContaining("rate limit");
  }

  @Test
  void aProxyAskingForALoginAndAMissingReleaseAreExplained() {
    status = 407;
    assertThatThrownBy(() -> files().read(ReleaseFiles.OPERATOR, progress::add)).hasMessageContaining("proxy wants a login");
    status = 404;
    assertThatThrownBy(() -> files().read(ReleaseFiles.OPERATOR, progress::add)).hasMessageContaining("HTTP 404")
        .isInstanceOfSatisfying(KubelabException.class, e -> assertThat(e.hint()).contains("update kubelab"));
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void aPageThatIsNoManifestIsNeverKept() {
    body = "<html><body>Please log in to the guest Wi-Fi</body></html>";
    assertThatThrownBy(() -> files().read(ReleaseFiles.OPERATOR, progress::add)).hasMessageContaining("not a Kubernetes manifest");
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void proxiesAreTakenFromTheUsualVariableForm() {
    assertThat(ReleaseFiles.client("http://proxy.example:3128").proxy()).isPresent();
    assertThat(ReleaseFiles.client("proxy.example:3128").proxy()).isPresent();
    assertThat(ReleaseFiles.client(null).proxy()).isEmpty();
  }

  private List<Path> leftovers() {
    Path dir = home.resolve("addons/kubevirt/" + ReleaseFiles.VERSION);
    if (!Files.isDirectory(dir)) return List.of();
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
