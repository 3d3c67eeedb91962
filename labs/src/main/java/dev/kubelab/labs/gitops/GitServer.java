package dev.kubelab.labs.gitops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.PacketLineOut;
import org.eclipse.jgit.transport.RefAdvertiser;
import org.eclipse.jgit.transport.UploadPack;

/**
 * A read-only Git server speaking smart HTTP (upload-pack only, protocol v0), so Flux's
 * source-controller can fetch the learner's lab repositories: {@code GET /NAME.git/info/refs?service=git-upload-pack}
 * and {@code POST /NAME.git/git-upload-pack}, where NAME is a folder under the root holding a
 * Git repository.
 *
 * <p>Built on the JDK's own HTTP server and JGit's {@link UploadPack}: the two requests of the
 * smart protocol need no servlet container, so kubelab ships no Jetty for them. Pushing is
 * refused; the learner commits in the repository on their own machine.
 */
public final class GitServer implements AutoCloseable {
  private static final Pattern PATH = Pattern.compile("/([a-z0-9][a-z0-9-]{0,62})\\.git/(info/refs|git-upload-pack|git-receive-pack)");
  private static final AtomicInteger THREADS = new AtomicInteger();
  /** Every answer names the folder served, so another kubelab on this machine can tell its own repositories are served here. */
  static final String ROOT_HEADER = "X-Kubelab-Git-Root";

  private final Path root;
  private final HttpServer server;
  private final ExecutorService workers;
  private final AtomicInteger fetches = new AtomicInteger();

  private GitServer(Path root, HttpServer server, ExecutorService workers) {
    this.root = root;
    this.server = server;
    this.workers = workers;
  }

  /** Starts serving the repositories under {@code root} on {@code bind} (port 0: any free port). */
  public static GitServer start(Path root, InetSocketAddress bind) throws IOException {
    HttpServer http = HttpServer.create(bind, 16);
    ExecutorService workers = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "kubelab-git-" + THREADS.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    GitServer git = new GitServer(root, http, workers);
    http.createContext("/", git::handle);
    http.setExecutor(workers);
    // The JDK's dispatcher thread inherits its daemon flag from the thread that starts it: started
    // from a daemon thread, the server never keeps kubelab's JVM alive when the shell exits.
    Thread starter = new Thread(http::start, "kubelab-git-start");
    starter.setDaemon(true);
    starter.start();
    try {
      starter.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting the Git server", e);
    }
    return git;
  }

  public Path root() {
    return root;
  }

  public InetSocketAddress address() {
    return server.getAddress();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** How many fetches (upload-pack requests) were served, for telling the learner Flux came by. */
  public int fetches() {
    return fetches.get();
  }

  @Override
  public void close() {
    server.stop(0);
    workers.shutdownNow();
  }

  /**
   * Whether a kubelab Git server on this machine's {@code port} serves the repositories under
   * {@code root}: another kubelab of the same home (the shell, or the background server) that took
   * the port first. Asked with a short timeout; anything else there is not ours.
   */
  public static boolean servesHere(int port, Path root) {
    try {
      HttpClient http = HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(1)).build();
      HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
          .timeout(java.time.Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
      return r.headers().firstValue(ROOT_HEADER).map(root.toAbsolutePath().normalize().toString()::equals).orElse(false);
    } catch (IOException | IllegalArgumentException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void handle(HttpExchange ex) {
    ex.getResponseHeaders().set(ROOT_HEADER, root.toAbsolutePath().normalize().toString());
    try {
      Matcher m = PATH.matcher(ex.getRequestURI().getPath());
      if (!m.matches()) {
        reply(ex, 404, "no such repository: kubelab serves /<lab-namespace>.git");
        return;
      }
      String service = ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery();
      if (m.group(2).equals("git-receive-pack") || service.contains("git-receive-pack")) {
        reply(ex, 403, "kubelab's Git server is read-only: commit in the lab's repository on your machine instead");
        return;
      }
      Path dir = root.resolve(m.group(1));
      if (!Files.isDirectory(dir.resolve(".git"))) {
        reply(ex, 404, "no repository " + m.group(1) + ".git: is its lab started?");
        return;
      }
      boolean infoRefs = m.group(2).equals("info/refs");
      if (infoRefs && !service.contains("service=git-upload-pack")) {
        reply(ex, 403, "kubelab's Git server speaks the smart HTTP protocol only (?service=git-upload-pack)");
        return;
      }
      if (!ex.getRequestMethod().equals(infoRefs ? "GET" : "POST")) {
        reply(ex, 405, "use " + (infoRefs ? "GET" : "POST"));
        return;
      }
      try (Repository repo = new FileRepositoryBuilder().setGitDir(dir.resolve(".git").toFile()).setMustExist(true).build();
          UploadPack up = new UploadPack(repo)) {
        up.setBiDirectionalPipe(false);
        up.setTimeout(120);
        ex.getResponseHeaders().set("Cache-Control", "no-cache, max-age=0, must-revalidate");
        if (infoRefs) {
          ex.getResponseHeaders().set("Content-Type", "application/x-git-upload-pack-advertisement");
          ex.sendResponseHeaders(200, 0);
          try (OutputStream out = ex.getResponseBody()) {
            PacketLineOut pck = new PacketLineOut(out);
            pck.writeString("# service=git-upload-pack\n");
            pck.end();
            up.sendAdvertisedRefs(new RefAdvertiser.PacketLineOutRefAdvertiser(pck));
          }
        } else {
          fetches.incrementAndGet();
          InputStream in = ex.getRequestBody();
          if ("gzip".equalsIgnoreCase(ex.getRequestHeaders().getFirst("Content-Encoding"))) in = new GZIPInputStream(in);
          ex.getResponseHeaders().set("Content-Type", "application/x-git-upload-pack-result");
          ex.sendResponseHeaders(200, 0);
          try (OutputStream out = ex.getResponseBody()) {
            up.upload(in, out, null);
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      try {
        reply(ex, 500, "kubelab's Git server failed: " + e.getMessage());
      } catch (IOException | RuntimeException ignored) {
        // the response was already under way: the client sees a broken transfer and retries
      }
    } finally {
      ex.close();
    }
  }

  private static void reply(HttpExchange ex, int status, String text) throws IOException {
    byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }
}
