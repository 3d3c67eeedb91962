package dev.kubelab.labs.gitops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.kubelab.labs.api.KubelabException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The release download against a local HTTP server standing in for GitHub's release downloads. */
class ReleaseDownloadTest {
  @TempDir Path home;
  HttpServer github;
  final AtomicInteger requests = new AtomicInteger();
  final AtomicReference<Reply> reply = new AtomicReference<>();
  byte[] release;

  /** What the stand-in answers: a status, a body, and a Content-Length that may lie (a cut-off transfer). */
  record Reply(int status, byte[] body, long length) {}

  @BeforeEach
  void start() throws Exception {
    release = Files.readAllBytes(Path.of(getClass().getResource("/gitops/install-sample.yaml").toURI()));
    reply.set(new Reply(200, release, release.length));
    github = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    // GitHub answers a release download with a redirect to its object storage
    github.createContext("/fluxcd/flux2/releases/download/", ex -> {
      requests.incrementAndGet();
      ex.getResponseHeaders().set("Location", "/objects/install.yaml");
      ex.sendResponseHeaders(302, -1);
      ex.close();
    });
    github.createContext("/objects/", ex -> {
      Reply r = reply.get();
      ex.sendResponseHeaders(r.status(), r.length());
      try (OutputStream out = ex.getResponseBody()) {
        out.write(r.body());
      } catch (java.io.IOException ignored) {
        // a lying Content-Length: the client gives up, which is the point
      }
      ex.close();
    });
    github.start();
  }

  @AfterEach
  void stop() {
    github.stop(0);
  }

  FluxInstall install() {
    return new FluxInstall(URI.create("http://127.0.0.1:" + github.getAddress().getPort() + "/fluxcd/flux2/releases/download/"));
  }

  @Test
  void downloadsOnceWithProgressAndReusesTheCachedFile() throws Exception {
    List<String> progress = new ArrayList<>();
    ReleaseDownload d = install().download(home);
    Path file = d.get(progress::add);
    assertThat(file).isEqualTo(home.resolve("addons/flux/" + FluxInstall.VERSION + "/install.yaml"));
    assertThat(Files.readAllBytes(file)).isEqualTo(release);
    assertThat(progress.get(0)).startsWith("downloading Flux " + FluxInstall.VERSION).contains("/" + FluxInstall.VERSION + "/install.yaml");
    assertThat(progress).last().asString().contains("downloaded");
    assertThat(requests).hasValue(1);

    github.stop(0); // offline from now on: the cached copy is enough
    assertThat(install().download(home).get(m -> {})).hasSameBinaryContentAs(file);
    assertThat(file.getParent()).isDirectoryNotContaining("glob:**.part");
  }

  @Test
  void aCutOffDownloadLeavesNothingThatLooksCached() throws Exception {
    // a server that promises the whole file and hangs up after 100 bytes
    try (ServerSocket cutOff = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread t = new Thread(() -> {
        try (var s = cutOff.accept()) {
          s.getInputStream().read(new byte[4096]);
          OutputStream out = s.getOutputStream();
          out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + release.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
          out.write(release, 0, 100);
          out.flush();
        } catch (java.io.IOException ignored) {
          // the test only needs the cut
        }
      });
      t.setDaemon(true);
      t.start();
      ReleaseDownload d = new FluxInstall(URI.create("http://127.0.0.1:" + cutOff.getLocalPort() + "/d/")).download(home);
      assertThatThrownBy(() -> d.get(m -> {})).isInstanceOf(KubelabException.class).hasMessageContaining("Flux");
      assertThat(d.cached()).doesNotExist();
      assertThat(d.cached().getParent()).isDirectoryNotContaining("glob:**.part");
    }
  }

  @Test
  void rateLimitsAreExplained() {
    reply.set(new Reply(403, "API rate limit exceeded".getBytes(StandardCharsets.UTF_8), 23));
    assertThatThrownBy(() -> install().download(home).get(m -> {}))
        .isInstanceOf(KubelabException.class)
        .hasMessageContaining("GitHub refused").hasMessageContaining("HTTP 403")
        .satisfies(e -> assertThat(((KubelabException) e).hint()).contains("wait an hour").contains("save it as " + home));
    reply.set(new Reply(429, new byte[0], -1));
    assertThatThrownBy(() -> install().download(home).get(m -> {})).hasMessageContaining("HTTP 429");
    reply.set(new Reply(404, new byte[0], -1));
    assertThatThrownBy(() -> install().download(home).get(m -> {})).hasMessageContaining("answered HTTP 404");
  }

  @Test
  void beingOfflineIsExplained() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    ReleaseDownload d = new FluxInstall(URI.create("http://127.0.0.1:" + closed + "/download/")).download(home);
    assertThatThrownBy(() -> d.get(m -> {}))
        .isInstanceOf(KubelabException.class)
        .hasMessageContaining("seems to be offline")
        .satisfies(e -> assertThat(((KubelabException) e).exitCode()).isEqualTo(KubelabException.ENVIRONMENT))
        .satisfies(e -> assertThat(((KubelabException) e).hint()).contains("connect to the internet once").contains("HTTPS_PROXY"));
    ReleaseDownload unknownHost = new FluxInstall(URI.create("http://no-such-host.invalid/download/")).download(home);
    assertThatThrownBy(() -> unknownHost.get(m -> {})).hasMessageContaining("cannot reach no-such-host.invalid");
  }

  @Test
  void theOfficialAddressIsTheProjectsReleaseManifest() {
    assertThat(new FluxInstall(FluxInstall.officialReleases()).download(home).toString()).isNotNull();
    assertThat(FluxInstall.officialReleases().resolve(FluxInstall.VERSION + "/install.yaml"))
        .hasToString("https://github.com/fluxcd/flux2/releases/download/" + FluxInstall.VERSION + "/install.yaml");
  }
}
