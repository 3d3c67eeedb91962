package dev.kubelab.labs.cluster;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Runs a local kubectl against a kubeconfig, streaming its output. */
final class Kubectl {
  private static final Set<String> INTERACTIVE = Set.of("edit", "attach");

  private Kubectl() {}

  /** The kubectl on PATH, if any. */
  static Optional<Path> find() {
    String path = System.getenv("PATH");
    if (path == null) return Optional.empty();
    boolean windows = System.getProperty("os.name", "").toLowerCase().contains("win");
    for (String dir : path.split(File.pathSeparator)) {
      Path p = Path.of(dir, windows ? "kubectl.exe" : "kubectl");
      if (Files.isExecutable(p)) return Optional.of(p);
    }
    return Optional.empty();
  }

  /** Interactive commands (edit, exec -it) get the real terminal; others are streamed to {@code out}. */
  static int run(Path kubectl, Path kubeconfig, String context, List<String> args, Appendable out)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(kubectl.toString(), "--kubeconfig", kubeconfig.toString()));
    if (context != null) cmd.addAll(List.of("--context", context));
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd);
    if (interactive(args)) {
      return pb.inheritIO().start().waitFor();
    }
    pb.redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.INHERIT);
    Process p = pb.start();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) out.append(line).append('\n');
    }
    return p.waitFor();
  }

  static boolean interactive(List<String> args) {
    if (args.isEmpty()) return false;
    if (INTERACTIVE.contains(args.get(0))) return true;
    return args.get(0).equals("exec") && args.stream().anyMatch(a -> a.matches("-[a-zA-Z]*[it][a-zA-Z]*|--stdin|--tty"));
  }
}
