package dev.kubelab.runner.serve;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * Which resident server a command line belongs to, worked out from the words alone before
 * anything heavy loads: the thin client runs this on every one-shot command.
 *
 * <p>A command line is served when it names one of {@link #SERVED} and its cluster needs no start:
 * {@code --kubeconfig} (any cluster) or {@code --keep} (the kept k3s). A line with {@code
 * --content}, help, {@code --} or an option this parser does not know is left to the process
 * itself, which reads it as it always did. So is everything with {@code KUBELAB_SERVER=off}.
 *
 * <p>One server serves one set of global options (home, cluster, context, namespace, image,
 * shape), one build (the jar's path, size and time) and one set of {@code KUBELAB_*} variables:
 * together they are the {@link #material()}, which the socket is named after and which the server
 * compares with its own before it answers, so a name that happens to match never serves the wrong
 * cluster. Options that only change how a result looks ({@code --no-color}, {@code --stacktrace})
 * travel with each request.
 *
 * @param command the command the line names ("serve" for a server's own line)
 * @param args    the line as the server must read it: relative paths made absolute here, where
 *                the user typed them
 * @param global  the global options and their values, absolute paths, in the order typed
 * @param home    kubelab's folder, where the socket lives ({@code servers/})
 */
public record ServeKey(String command, List<String> args, List<String> global, String material, Path home) {
  /**
   * The commands a server answers: short, asking nothing, reading no standard input. The shell,
   * watch, start and the rest run in their own process as before.
   */
  public static final Set<String> SERVED = Set.of("check", "answer", "task", "hint", "progress", "next", "prev", "list");

  /**
   * Commands that may run again in their own process when a server dies while answering: doing
   * them twice changes nothing ({@code hint} counts, {@code next} moves).
   */
  static final Set<String> REPEATABLE = Set.of("check", "answer", "task", "progress", "list");

  /** kubelab's global options that take a value (Main's; a test keeps the two lists equal). */
  static final Set<String> VALUED = Set.of("--home", "--content", "--kubeconfig", "--context", "--namespace", "--k3s-image",
      "--agents", "--cgroups", "--image-registry");
  /** kubelab's global options without a value. */
  static final Set<String> FLAGS = Set.of("--traefik", "--keep", "--no-color", "--stacktrace");
  /** Global options only the request carries: they change how the answer looks, not which server gives it. */
  private static final Set<String> PER_REQUEST = Set.of("--no-color", "--stacktrace");
  private static final Set<String> PATHS = Set.of("--home", "--content", "--kubeconfig");
  /** Options of the commands themselves that a served line may carry. */
  private static final Map<String, Set<String>> OWN = Map.of("list", Set.of("--json"),
      "serve", Set.of("--idle", "--status", "--stop"));
  private static final Set<String> OWN_VALUED = Set.of("--idle");
  /** A socket's path must fit in sockaddr_un (108 bytes on Linux, 104 on macOS). */
  private static final int MAX_SOCKET_PATH = 100;

  /** Set to "off" to run every command in its own process, as before servers existed. */
  public static final String SWITCH = "KUBELAB_SERVER";

  /**
   * The server this line goes to, or empty when it runs in its own process.
   *
   * @param jar what this process runs from (the jar, or a classes folder in tests)
   * @param cwd where relative paths typed on the line start
   */
  public static Optional<ServeKey> of(List<String> line, Map<String, String> env, Path userHome, Path jar, Path cwd) {
    if ("off".equalsIgnoreCase(String.valueOf(env.get(SWITCH)).strip()) || File.separatorChar != '/') return Optional.empty();
    String command = null;
    List<String> args = new ArrayList<>();
    List<String> global = new ArrayList<>();
    Map<String, String> values = new TreeMap<>();
    for (int i = 0; i < line.size(); i++) {
      String word = line.get(i);
      if (!word.startsWith("-")) {
        if (command == null && !SERVED.contains(word) && !word.equals("serve")) return Optional.empty();
        if (command == null) command = word;
        args.add(word);
        continue;
      }
      if (word.equals("--") || word.equals("-")) return Optional.empty();
      int eq = word.indexOf('=');
      String name = eq < 0 ? word : word.substring(0, eq);
      if (VALUED.contains(name)) {
        String value;
        if (eq >= 0) {
          value = word.substring(eq + 1);
        } else if (i + 1 < line.size()) {
          value = line.get(++i);
        } else {
          return Optional.empty(); // picocli says what is missing
        }
        if (PATHS.contains(name) && !value.isEmpty()) value = cwd.resolve(value).toAbsolutePath().normalize().toString();
        values.put(name, value);
        args.add(name + "=" + value);
        global.add(name + "=" + value);
      } else if (FLAGS.contains(name) && eq < 0) {
        if (!PER_REQUEST.contains(name)) values.put(name, "true");
        args.add(word);
        if (!PER_REQUEST.contains(name)) global.add(word);
      } else if (command != null && OWN.getOrDefault(command, Set.of()).contains(name)) {
        args.add(word);
        if (OWN_VALUED.contains(name) && eq < 0 && i + 1 < line.size()) args.add(line.get(++i));
      } else {
        return Optional.empty(); // help, a misspelt option: the process itself answers as it always did
      }
    }
    if (command == null || values.containsKey("--content")) return Optional.empty();
    if (!values.containsKey("--kubeconfig") && !values.containsKey("--keep")) return Optional.empty();
    Path home = values.containsKey("--home") ? Path.of(values.get("--home"))
        : env.get("KUBELAB_HOME") != null && !env.get("KUBELAB_HOME").isBlank()
            ? cwd.resolve(env.get("KUBELAB_HOME")).toAbsolutePath().normalize()
            : userHome.resolve(".kubelab").toAbsolutePath();
    StringBuilder m = new StringBuilder("kubelab serve 1\n");
    m.append("build ").append(stamp(jar)).append('\n');
    m.append("home ").append(home).append('\n');
    values.forEach((k, v) -> m.append(k).append(' ').append(v).append('\n'));
    new TreeMap<>(env).forEach((k, v) -> {
      if (k.startsWith("KUBELAB_") && !k.startsWith(SWITCH)) m.append("env ").append(k).append('=').append(v).append('\n');
    });
    ServeKey key = new ServeKey(command, List.copyOf(args), List.copyOf(global), m.toString(), home);
    return key.socket().toString().length() > MAX_SOCKET_PATH ? Optional.empty() : Optional.of(key);
  }

  /** What this process runs from: the jar (or, in tests, the first entry of the class path), whose build a key names. */
  public static Path runningFrom() {
    return Path.of(System.getProperty("java.class.path").split(File.pathSeparator)[0]);
  }

  /** The folder every server of this home keeps its socket, lock and log in. */
  public static Path folder(Path home) {
    return home.resolve("servers");
  }

  /** The server's socket: named after the material, so each set of options has its own. */
  public Path socket() {
    return folder(home).resolve(name() + ".sock");
  }

  /** Held by the running server for as long as it runs: the one way to know one runs, crash or not. */
  public Path lock() {
    return lockOf(socket());
  }

  /** The lock beside a server's socket. */
  static Path lockOf(Path socket) {
    String name = socket.getFileName().toString();
    return socket.resolveSibling(name.substring(0, name.length() - ".sock".length()) + ".lock");
  }

  /** Where the server writes what it has to say (it has no terminal). */
  public Path log() {
    return folder(home).resolve(name() + ".log");
  }

  private String name() {
    CRC32 crc = new CRC32();
    crc.update(material.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return String.format("%08x", crc.getValue());
  }

  /** Whether a request's line may run again in a process of its own after a server died answering it. */
  public boolean repeatable() {
    return REPEATABLE.contains(command);
  }

  private static String stamp(Path jar) {
    try {
      BasicFileAttributes a = Files.readAttributes(jar, BasicFileAttributes.class);
      return jar.toAbsolutePath() + " " + a.size() + " " + a.lastModifiedTime().toMillis();
    } catch (IOException e) {
      return jar.toAbsolutePath() + " unknown";
    }
  }
}
