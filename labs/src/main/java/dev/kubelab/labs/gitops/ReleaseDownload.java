package dev.kubelab.labs.gitops;

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
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;

/**
 * Downloads a release file once into kubelab's home and reuses it from there, offline included.
 * The file is written to a temporary name and renamed when complete, so an interrupted download
 * never leaves a half file that looks cached. Failures are explained: offline, GitHub's rate
 * limit, a proxy.
 */
public final class ReleaseDownload {
  private final String what;
  private final URI url;
  private final Path cached;
  private final HttpClient http;

  /**
   * @param what   a name for messages, e.g. "Flux v2.9.4 (install.yaml)"
   * @param url    where the release file is published
   * @param cached where it is kept, e.g. {@code <home>/addons/flux/v2.9.4/install.yaml}
   */
  public ReleaseDownload(String what, URI url, Path cached) {
    this(what, url, cached, client());
  }

  ReleaseDownload(String what, URI url, Path cached, HttpClient http) {
    this.what = what;
    this.url = url;
    this.cached = cached;
    this.http = http;
  }

  /** The proxy of HTTPS_PROXY (as curl reads it) unless Java's own https.proxyHost is set. */
  private static HttpClient client() {
    HttpClient.Builder b = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(20));
    Optional<InetSocketAddress> proxy = environmentProxy();
    b.proxy(proxy.isPresent() && System.getProperty("https.proxyHost") == null ? ProxySelector.of(proxy.get()) : ProxySelector.getDefault());
    return b.build();
  }

  /** The proxy HTTPS_PROXY (or https_proxy) names, as curl reads it; empty when none is set. */
  public static Optional<InetSocketAddress> environmentProxy() {
    String p = System.getenv("HTTPS_PROXY");
    if (p == null || p.isBlank()) p = System.getenv("https_proxy");
    if (p == null || p.isBlank()) return Optional.empty();
    try {
      URI u = URI.create(p.contains("://") ? p : "http://" + p);
      if (u.getHost() == null) return Optional.empty();
      return Optional.of(InetSocketAddress.createUnresolved(u.getHost(), u.getPort() > 0 ? u.getPort() : 80));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  public Path cached() {
    return cached;
  }

  /** The file, downloaded first when it is not cached yet. */
  public Path get(Consumer<String> progress) {
    if (Files.isRegularFile(cached)) return cached;
    progress.accept("downloading " + what + " from " + url + " (once; kept in " + cached.getParent() + ")");
    HttpResponse<InputStream> response;
    try {
      response = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(2)).header("User-Agent", "kubelab").GET().build(),
          HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw failed(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw KubelabException.environment("interrupted while downloading " + what, "start the lab again");
    }
    int status = response.statusCode();
    if (status != 200) {
      try {
        response.body().close();
      } catch (IOException ignored) {
        // only the status matters now
      }
      throw refused(status);
    }
    long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
    Path tmp = null;
    try {
      Files.createDirectories(cached.getParent());
      tmp = Files.createTempFile(cached.getParent(), cached.getFileName().toString(), ".part");
      long done = 0;
      long reported = System.nanoTime();
      try (InputStream in = response.body(); OutputStream out = Files.newOutputStream(tmp)) {
        byte[] buf = new byte[64 * 1024];
        for (int n; (n = in.read(buf)) >= 0; ) {
          out.write(buf, 0, n);
          done += n;
          if (System.nanoTime() - reported > 1_000_000_000L) {
            reported = System.nanoTime();
            progress.accept("  " + size(done) + (total > 0 ? " of " + size(total) : ""));
          }
        }
      }
      if (total > 0 && done != total) throw new IOException("the download ended after " + size(done) + " of " + size(total));
      try {
        Files.move(tmp, cached, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, cached, StandardCopyOption.REPLACE_EXISTING);
      }
      progress.accept("  downloaded " + size(done));
      return cached;
    } catch (IOException e) {
      throw failed(e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // a leftover .part file is never taken for the download
        }
      }
    }
  }

  private String byHand() {
    return "or download " + url + " with a browser or curl and save it as " + cached;
  }

  private KubelabException refused(int status) {
    if (status == 403 || status == 429) {
      return KubelabException.environment("GitHub refused to send " + what + " (HTTP " + status + "): its download limit for"
          + " your address is used up for now", "wait an hour and start the lab again, " + byHand());
    }
    if (status == 407) {
      return KubelabException.environment("your proxy wants a login to download " + what + " (HTTP 407)",
          "kubelab cannot log in to a proxy; " + byHand());
    }
    return KubelabException.environment("downloading " + what + " failed: " + url + " answered HTTP " + status,
        "check the address and your network, " + byHand());
  }

  private KubelabException failed(Exception e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    String proxyNote = environmentProxy().map(p -> " (through the proxy " + p.getHostString() + ":" + p.getPort() + ")").orElse("");
    if (causedBy(e, UnknownHostException.class) || causedBy(e, ConnectException.class) || e instanceof HttpConnectTimeoutException) {
      return KubelabException.environment("cannot reach " + url.getHost() + proxyNote + " to download " + what
          + ": this machine seems to be offline", "connect to the internet once (kubelab keeps the file for later), "
          + "set HTTPS_PROXY if you are behind a proxy, " + byHand(), e);
    }
    if (causedBy(e, SSLException.class)) {
      return KubelabException.environment("the secure connection to " + url.getHost() + proxyNote + " failed while downloading "
          + what, "a proxy or firewall that inspects HTTPS needs its certificate in Java's trust store"
          + " (keytool -importcert), " + byHand(), e);
    }
    if (e instanceof HttpTimeoutException) {
      return KubelabException.environment("downloading " + what + " took too long", "try again on a faster network, " + byHand(), e);
    }
    String why = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return KubelabException.environment("downloading " + what + " failed: " + why, "try again, " + byHand(), e);
  }

  private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (type.isInstance(c)) return true;
    }
    return false;
  }

  static String size(long bytes) {
    if (bytes < 1024) return bytes + " B";
    if (bytes < 1024 * 1024) return String.format(Locale.ROOT, "%.0f KB", bytes / 1024.0);
    return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
  }
}
