package dev.kubelab.labs.kubevirt;

import dev.kubelab.labs.api.KubelabException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * KubeVirt's release manifests, downloaded once from the release page and kept under the kubelab
 * home ({@code addons/kubevirt/<version>/}); a kept copy is used without asking the network, so
 * labs start offline once the files are there. Writes are atomic: a file is either whole or absent.
 */
final class ReleaseFiles {
  /** The KubeVirt release kubelab installs; bumped on purpose, with the chapter self-tested on it. */
  static final String VERSION = "v1.9.0";
  /** Where its manifests are published. */
  static final URI RELEASE = URI.create("https://github.com/kubevirt/kubevirt/releases/download/" + VERSION + "/");

  static final String OPERATOR = "kubevirt-operator.yaml";
  static final String CR = "kubevirt-cr.yaml";

  private final Path dir;
  private final URI base;
  private final HttpClient http;

  /** The official release, through the proxy named by HTTPS_PROXY when there is one. */
  ReleaseFiles(Path home) {
    this(home, RELEASE, client(System.getenv("HTTPS_PROXY") != null ? System.getenv("HTTPS_PROXY") : System.getenv("https_proxy")));
  }

  ReleaseFiles(Path home, URI base, HttpClient http) {
    this.dir = home.resolve("addons").resolve("kubevirt").resolve(VERSION);
    this.base = base;
    this.http = http;
  }

  /** Where the files are kept (and where a learner may put them by hand). */
  Path dir() {
    return dir;
  }

  /** The text of a release file: the kept copy, or a fresh download that is kept for next time. */
  String read(String file, Consumer<String> progress) {
    Path kept = dir.resolve(file);
    try {
      if (Files.isRegularFile(kept)) return Files.readString(kept, StandardCharsets.UTF_8);
      Files.createDirectories(dir);
      download(file, kept, progress);
      return Files.readString(kept, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw KubelabException.environment("cannot read or write " + kept + ": " + e.getMessage(),
          "check that kubelab's home folder is writable, or remove " + dir + " and start the lab again");
    }
  }

  private void download(String file, Path target, Consumer<String> progress) throws IOException {
    URI uri = base.resolve(file);
    progress.accept("downloading " + file + " of KubeVirt " + VERSION + " from " + uri.getHost());
    HttpResponse<InputStream> response;
    try {
      response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2))
          .header("User-Agent", "kubelab").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw unreachable(uri, file, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw KubelabException.environment("interrupted while downloading " + file, "start the lab again");
    }
    int status = response.statusCode();
    if (status != 200) {
      response.body().close();
      throw refused(uri, file, status, response.headers().firstValue("x-ratelimit-remaining").orElse(""));
    }
    long size = response.headers().firstValueAsLong("content-length").orElse(-1);
    Path tmp = Files.createTempFile(dir, file, ".part");
    try (InputStream in = response.body(); OutputStream out = Files.newOutputStream(tmp)) {
      copy(in, out, size, file, progress);
    } catch (IOException e) {
      Files.deleteIfExists(tmp);
      throw unreachable(uri, file, e);
    }
    if (!new String(Files.readAllBytes(tmp), StandardCharsets.UTF_8).contains("apiVersion:")) {
      Files.deleteIfExists(tmp);
      throw KubelabException.environment("the download of " + file + " from " + uri.getHost() + " is not a Kubernetes manifest"
          + " (a proxy or captive portal answering instead?)", "open " + uri + " in a browser to see what comes back");
    }
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static void copy(InputStream in, OutputStream out, long size, String file, Consumer<String> progress) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long done = 0;
    long nextNote = 256 * 1024;
    for (int n; (n = in.read(buffer)) > 0; ) {
      out.write(buffer, 0, n);
      done += n;
      if (done >= nextNote) {
        progress.accept("  " + file + ": " + done / 1024 + " KiB" + (size > 0 ? " of " + size / 1024 + " KiB" : ""));
        nextNote += 256 * 1024;
      }
    }
  }

  private KubelabException unreachable(URI uri, String file, IOException e) {
    String why = e instanceof UnknownHostException ? "the name " + uri.getHost() + " does not resolve: no network, or no DNS"
        : e instanceof ConnectException ? "the connection was refused or timed out: no network, or a firewall or proxy in the way"
        : e instanceof HttpTimeoutException ? "the server did not answer in time"
        : String.valueOf(e.getMessage());
    return KubelabException.environment("cannot download KubeVirt " + VERSION + " (" + file + ") from " + uri + ": " + why,
        "connect to the internet once: kubelab keeps the files in " + dir + " and needs no network for them afterwards."
            + " Behind a proxy, set HTTPS_PROXY=http://host:port. Offline, download " + uri + " elsewhere and copy it there");
  }

  private KubelabException refused(URI uri, String file, int status, String rateRemaining) {
    if (status == 429 || (status == 403 && "0".equals(rateRemaining))) {
      return KubelabException.environment("GitHub refused to send " + file + " of KubeVirt " + VERSION + " for now (HTTP " + status
          + ", rate limit reached for your address)",
          "wait a while and start the lab again, or download " + uri + " in a browser and save it in " + dir);
    }
    if (status == 407) {
      return KubelabException.environment("the proxy wants a login before it lets kubelab download " + uri + " (HTTP 407)",
          "download the file in a browser that is logged in to the proxy and save it in " + dir);
    }
    return KubelabException.environment("downloading " + uri + " failed: the server answered HTTP " + status,
        status == 404 ? "the KubeVirt " + VERSION + " release may have been withdrawn; update kubelab"
            : "try again later, or download the file in a browser and save it in " + dir);
  }

  /** An HTTP client that follows GitHub's redirect to its download host, through a proxy if one is named. */
  static HttpClient client(String proxy) {
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(15)).followRedirects(HttpClient.Redirect.NORMAL);
    if (proxy != null && !proxy.isBlank()) {
      URI p = URI.create(proxy.contains("://") ? proxy : "http://" + proxy);
      if (p.getHost() != null) {
        int port = p.getPort() > 0 ? p.getPort() : p.getScheme().toLowerCase(Locale.ROOT).equals("https") ? 443 : 80;
        b.proxy(ProxySelector.of(InetSocketAddress.createUnresolved(p.getHost(), port)));
      }
    }
    return b.build();
  }
}
