package dev.kubelab.runner.serve;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The thin client: hands a one-shot command line to the resident server of its cluster and prints
 * what it answers. Whatever goes wrong (no server, a stale socket, a server of another build, one
 * that dies while answering), the command still runs: in this process, as it did before servers,
 * with a note when a server was there but failed.
 */
public final class ServeClient {
  private ServeClient() {}

  /**
   * What became of handing a line to its server.
   *
   * @param code  the exit code when the server answered (or when the line must not run again);
   *              null when the command runs in this process
   * @param spawn whether to start a server after running it here, for the next command
   */
  public record Attempt(Integer code, boolean spawn) {
    static final Attempt HERE = new Attempt(null, false);
  }

  /**
   * Sends the line to its server and copies the answer to {@code out} and {@code err}.
   *
   * @param console whether this process's standard output is a terminal (colour depends on it)
   */
  public static Attempt attempt(ServeKey key, Map<String, String> env, boolean console, OutputStream out, OutputStream err) {
    if (!Files.exists(key.socket())) return new Attempt(null, true);
    SocketChannel channel;
    try {
      channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    } catch (IOException | UnsupportedOperationException e) {
      return Attempt.HERE; // no Unix sockets here: nothing to serve through
    }
    boolean[] received = {false};
    try (channel) {
      try {
        channel.connect(UnixDomainSocketAddress.of(key.socket()));
      } catch (IOException e) {
        return new Attempt(null, true); // left by a server that is gone (a crash, a reboot): the next one takes its place
      }
      var to = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel)));
      Wire.write(to, new Wire.Request(Wire.RUN, key.material(), key.args(), env, console));
      var from = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel)));
      Integer code = Wire.answer(from, out, err, received);
      return code == null ? Attempt.HERE : new Attempt(code, false);
    } catch (IOException e) {
      PrintStream say = new PrintStream(err, true, StandardCharsets.UTF_8);
      if (received[0] && !key.repeatable()) {
        say.println("error: kubelab's background server stopped while answering '" + key.command() + "' (" + e.getMessage() + ")");
        say.println("hint: 'task' shows where you are now; KUBELAB_SERVER=off runs every command without a server");
        return new Attempt(3, true);
      }
      say.println("note: kubelab's background server stopped while answering (" + e.getMessage()
          + "); running the command here instead");
      return new Attempt(null, true);
    }
  }

  /**
   * Sends a control request (status, stop) and returns the server's one line, or null when none
   * answers within {@code patience}: a server answers one command at a time, and one that hangs
   * must not hang {@code serve --status} with it.
   */
  static String control(Path socket, byte op, java.time.Duration patience) {
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      Thread giveUp = new Thread(() -> {
        try {
          Thread.sleep(patience.toMillis());
          channel.close(); // the blocked read below ends with an exception
        } catch (InterruptedException | IOException e) {
          // answered in time, or closed already
        }
      }, "kubelab-serve-control");
      giveUp.setDaemon(true);
      giveUp.start();
      try {
        return control(channel, socket, op);
      } finally {
        giveUp.interrupt();
      }
    } catch (IOException | UnsupportedOperationException e) {
      return null;
    }
  }

  private static String control(SocketChannel channel, Path socket, byte op) {
    try {
      channel.connect(UnixDomainSocketAddress.of(socket));
      var to = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel)));
      Wire.write(to, new Wire.Request(op, "", List.of(), Map.of(), false));
      var from = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel)));
      var line = new java.io.ByteArrayOutputStream();
      Integer code = Wire.answer(from, line, OutputStream.nullOutputStream(), new boolean[1]);
      return code == null ? null : line.toString(StandardCharsets.UTF_8).strip();
    } catch (IOException | UnsupportedOperationException e) {
      return null;
    }
  }

  /**
   * Starts the server for this key in the background, detached from the terminal (its own
   * session, so closing the terminal does not end it), writing to its log. The server gives up at
   * once if another holds the key's lock; any failure here only means no server next time.
   *
   * @param classpath what this process was started from
   */
  public static void spawn(ServeKey key, String classpath) {
    try {
      Files.createDirectories(ServeKey.folder(key.home()));
      List<String> command = new ArrayList<>();
      if (Files.isExecutable(Path.of("/usr/bin/setsid"))) command.add("/usr/bin/setsid");
      else if (Files.isExecutable(Path.of("/bin/setsid"))) command.add("/bin/setsid");
      else if (Files.isExecutable(Path.of("/usr/bin/nohup"))) command.add("/usr/bin/nohup");
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      // it waits far more than it works: the serial collector, a heap given back when free and C1
      // alone keep it at about 160 MiB; C2 took twice the CPU per check over its first hundred
      // (compiling) and 40 MiB more (bench/check.sh; README, For developers)
      command.addAll(List.of("-XX:+UseSerialGC", "-Xmx192m", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=20",
          "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED",
          "-cp", classpath, "dev.kubelab.runner.Kubelab"));
      command.addAll(key.global());
      command.add("serve");
      ProcessBuilder pb = new ProcessBuilder(command)
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.to(key.log().toFile()));
      pb.start();
    } catch (IOException | RuntimeException e) {
      // no server next time; this command already ran
    }
  }
}
