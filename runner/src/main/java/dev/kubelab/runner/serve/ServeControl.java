package dev.kubelab.runner.serve;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** {@code serve --status} and {@code serve --stop}: every server of one home, asked through its socket. */
public final class ServeControl {
  /** How long a server may take to answer: longer than any command it could be busy with. */
  static final java.time.Duration PATIENCE = java.time.Duration.ofSeconds(10);

  private ServeControl() {}

  /** One line per server: what it serves and how long it has been idle; sockets left by servers that are gone are removed. */
  public static List<String> statusAll(Path home) {
    return each(home, Wire.STATUS, PATIENCE);
  }

  /** Stops every server of the home; one line per server stopped. */
  public static List<String> stopAll(Path home) {
    return each(home, Wire.STOP, PATIENCE);
  }

  static List<String> each(Path home, byte op, java.time.Duration patience) {
    List<String> lines = new ArrayList<>();
    for (Path socket : sockets(ServeKey.folder(home))) {
      String answer = ServeClient.control(socket, op, patience);
      if (answer != null) {
        lines.add(answer);
      } else if (gone(socket)) {
        lines.add("removed " + socket.getFileName() + ", left by a server that is no longer running");
      } else {
        lines.add(socket.getFileName() + ": a server holds it but did not answer within " + patience.toSeconds()
            + " s; try again, or end it by its pid (the log beside the socket names it)");
      }
    }
    return lines;
  }

  private static List<Path> sockets(Path folder) {
    if (!Files.isDirectory(folder)) return List.of();
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".sock")).sorted().toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /** Removes a socket whose lock nobody holds (its server is gone) and says whether it did. */
  private static boolean gone(Path socket) {
    try (FileChannel ch = FileChannel.open(ServeKey.lockOf(socket), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
         FileLock held = ResidentServer.tryLock(ch)) {
      if (held == null) return false;
      Files.deleteIfExists(socket);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
