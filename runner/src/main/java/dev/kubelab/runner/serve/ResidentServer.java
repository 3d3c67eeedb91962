package dev.kubelab.runner.serve;

import dev.kubelab.runner.Environment;
import dev.kubelab.runner.Main;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A kubelab that stays: it answers the one-shot commands of one cluster (one {@link ServeKey})
 * over a Unix domain socket under the home, one at a time, each as its own command line with its
 * own {@link Main} and progress read from the file, exactly as a process of its own would run it.
 * What it keeps between them is what never changes while it runs: the parsed course and the
 * open cluster ({@link KeptClusters}).
 *
 * <p>Only one server runs per key: it holds the key's lock file for as long as it lives, and the
 * OS lets go of it when the process ends, crash or not. It stops when idle for {@code idle}, when
 * {@code stillValid} says its build or folder is gone, or when asked ({@code serve --stop}),
 * and removes its socket then.
 */
public final class ResidentServer {
  private final ServeKey key;
  /** The process's environment, opening clusters through {@link #clusters} and keeping the course: every request's, with its own output. */
  private final Environment base;
  private final KeptClusters clusters;
  private final Duration idle;
  private final BooleanSupplier stillValid;
  private final PrintWriter log;
  /** System.nanoTime() readings: idleness is measured on the monotonic clock, whatever the wall clock does. */
  private final long started = System.nanoTime();
  private volatile long lastUsed = started;
  private volatile boolean busy;
  private volatile String stopReason;
  private int served;
  private ServerSocketChannel server;
  private final java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);

  /**
   * @param base       this process's environment: each request gets it with its own output,
   *                   variables and terminal flag
   * @param stillValid asked every few seconds; false stops the server (another build, a home removed)
   * @param log        where the server says what it does (its log file)
   */
  public ResidentServer(ServeKey key, Environment base, Duration idle, BooleanSupplier stillValid, PrintWriter log) {
    this.key = key;
    this.clusters = new KeptClusters(base.clusters());
    this.base = base.keeping(clusters, new Memo());
    this.idle = idle;
    this.stillValid = stillValid;
    this.log = log;
  }

  /** The environment the server's own commands (its warm-up) run in: the same kept course and clusters as requests. */
  public Environment environment() {
    return base;
  }

  /**
   * Serves until stopped. Returns false at once, having changed nothing, when another server
   * already holds this key.
   *
   * @param warmUp run once the socket is bound, before the first request is read (a client that
   *               connects meanwhile waits in the backlog)
   */
  public boolean run(Runnable warmUp) throws IOException {
    Path folder = ServeKey.folder(key.home());
    Files.createDirectories(folder);
    try {
      Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
    } catch (UnsupportedOperationException | IOException e) {
      // not a POSIX file system: the socket's own permissions still apply
    }
    try (FileChannel lockFile = FileChannel.open(key.lock(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
         FileLock lock = tryLock(lockFile)) {
      if (lock == null) return false;
      Files.deleteIfExists(key.socket()); // left by a server that is gone: the lock says none runs
      ServerSocketChannel listening = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      server = listening;
      try (listening) {
        listening.bind(UnixDomainSocketAddress.of(key.socket()));
        say("serving on " + key.socket() + " (pid " + ProcessHandle.current().pid() + "); stops after " + minutes(idle)
            + " idle");
        Thread watchdog = new Thread(this::watch, "kubelab-serve-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        try {
          warmUp.run();
        } catch (RuntimeException e) {
          say("warm-up failed, serving anyway: " + e);
        }
        lastUsed = System.nanoTime();
        while (stopReason == null) {
          SocketChannel channel;
          try {
            channel = listening.accept();
          } catch (ClosedChannelException e) {
            break;
          }
          try (channel) {
            busy = true;
            answer(channel);
          } catch (IOException | RuntimeException e) {
            say("a request failed: " + e);
          } finally {
            busy = false;
            lastUsed = System.nanoTime();
          }
        }
      } finally {
        Files.deleteIfExists(key.socket());
        clusters.close();
        say("stopped: " + (stopReason == null ? "closed" : stopReason) + " after " + served + (served == 1 ? " command" : " commands"));
        stopped.countDown();
      }
      return true;
    }
  }

  /** Waits (up to {@code limit}) for a server asked to stop to have removed its socket. */
  public void awaitStopped(Duration limit) {
    try {
      stopped.await(limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The key's lock, or null when another server (in this process or another) holds it. */
  static FileLock tryLock(FileChannel file) throws IOException {
    try {
      return file.tryLock();
    } catch (java.nio.channels.OverlappingFileLockException e) {
      return null;
    }
  }

  /** Asks the server to stop after the request it is answering. */
  public void stop(String why) {
    stopReason = why;
    try {
      if (server != null) server.close();
    } catch (IOException e) {
      // closing is all it was for
    }
  }

  private void answer(SocketChannel channel) throws IOException {
    var in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel)));
    var out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel)));
    Wire.Request request = Wire.read(in);
    switch (request.op()) {
      case Wire.STATUS -> Wire.say(out, status());
      case Wire.STOP -> {
        Wire.say(out, "stopped the server for " + summary());
        stop("asked to stop");
      }
      case Wire.RUN -> {
        if (!request.material().equals(key.material())) {
          out.writeByte(Wire.REFUSED);
          out.flush();
          return;
        }
        served++;
        PrintWriter o = new PrintWriter(new Frames(out, Wire.OUT), true, StandardCharsets.UTF_8);
        PrintWriter e = new PrintWriter(new Frames(out, Wire.ERR), true, StandardCharsets.UTF_8);
        int code;
        try {
          code = new Main(base.withOutput(o, e, request.env(), request.console())).run(request.args().toArray(String[]::new));
        } catch (RuntimeException | Error t) {
          // Main reports a command's own failures; this is one of the server itself
          e.println("error: internal error in kubelab's background server: " + t);
          e.println("hint: KUBELAB_SERVER=off runs commands without it; report what 'kubelab serve --status' shows");
          say("internal error: " + t);
          code = dev.kubelab.labs.api.KubelabException.INTERNAL;
        }
        o.flush();
        e.flush();
        Wire.exit(out, code);
      }
      default -> throw new IOException("unknown request '" + (char) request.op() + "'");
    }
  }

  private String status() {
    Duration quiet = Duration.ofNanos(System.nanoTime() - lastUsed);
    return summary() + ": pid " + ProcessHandle.current().pid() + ", up " + minutes(Duration.ofNanos(System.nanoTime() - started))
        + ", " + served + (served == 1 ? " command" : " commands") + " served, idle " + minutes(quiet) + " (stops after " + minutes(idle) + ")";
  }

  private String summary() {
    var open = clusters.describe();
    return open.isEmpty() ? "a cluster not opened yet" : String.join(", ", open);
  }

  private void watch() {
    while (stopReason == null) {
      try {
        Thread.sleep(2_000);
      } catch (InterruptedException e) {
        return;
      }
      if (busy) continue;
      if (Duration.ofNanos(System.nanoTime() - lastUsed).compareTo(idle) >= 0) {
        stop("idle for " + minutes(idle));
      } else if (!Files.exists(key.socket())) {
        stop("its socket was removed");
      } else if (!stillValid.getAsBoolean()) {
        stop("kubelab was built again or its folder is gone");
      }
    }
  }

  private void say(String line) {
    log.println(base.clock().instant() + " " + line);
    log.flush();
  }

  private static String minutes(Duration d) {
    long s = d.toSeconds();
    return s < 120 ? s + " s" : (s / 60) + " min";
  }

  /** Output that reaches the client as frames of one kind, as it is flushed. */
  private static final class Frames extends OutputStream {
    private final DataOutputStream out;
    private final byte kind;
    private boolean broken;

    Frames(DataOutputStream out, byte kind) {
      this.out = out;
      this.kind = kind;
    }

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      if (broken || len == 0) return;
      try {
        synchronized (out) {
          Wire.frame(out, kind, b, off, len);
        }
      } catch (IOException e) {
        broken = true; // the client went away (Ctrl-C): the command still ends as it would have
      }
    }
  }

  /** What this server keeps by name: the packaged course, parsed once. */
  private static final class Memo implements Environment.Kept {
    private final Map<String, Object> kept = new ConcurrentHashMap<>();

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get(String name, Supplier<T> make) {
      return (T) kept.computeIfAbsent(name, n -> make.get());
    }
  }
}
