package dev.kubelab.runner.command;

import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.runner.App;
import dev.kubelab.runner.Environment;
import dev.kubelab.runner.Main;
import dev.kubelab.runner.serve.ResidentServer;
import dev.kubelab.runner.serve.ServeControl;
import dev.kubelab.runner.serve.ServeKey;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** A kubelab that stays running for one cluster, so one-shot commands answer without starting a JVM's worth of work. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Keep kubelab running for this cluster so one-shot commands (check, answer, task, hint, progress, next, prev,"
        + " list) answer fast.",
        "They start one by themselves with --kubeconfig or --keep (KUBELAB_SERVER=off: never); it stops after --idle"
            + " minutes unused. Without --status or --stop, serves in the foreground until Ctrl-C."})
public final class Serve implements Callable<Integer> {
  @ParentCommand
  private Main main;

  @Option(names = "--idle", paramLabel = "MINUTES", defaultValue = "15", description = "stop after this many minutes unused (default: 15)")
  private int idleMinutes;

  @Option(names = "--status", description = "say which servers run for this home, for which cluster, and how long they have been idle")
  private boolean status;

  @Option(names = "--stop", description = "stop every server of this home")
  private boolean stop;

  @Override
  public Integer call() throws Exception {
    App app = main.app();
    if (app.interactive()) {
      throw KubelabException.usage("the shell is a running kubelab already", "run 'kubelab serve' from your own shell");
    }
    if (status && stop) throw KubelabException.usage("--status and --stop do not go together", "give one of them");
    Path home = app.settings().home();
    if (status || stop) {
      List<String> lines = stop ? ServeControl.stopAll(home) : ServeControl.statusAll(home);
      if (lines.isEmpty()) app.out().println("no kubelab server runs for " + home);
      lines.forEach(app.out()::println);
      return 0;
    }
    if (idleMinutes < 1) throw KubelabException.usage("--idle must be 1 minute or more, not " + idleMinutes, "e.g. --idle 60");
    Environment env = main.environment();
    Path jar = ServeKey.runningFrom();
    Path cwd = Path.of("").toAbsolutePath();
    Optional<ServeKey> key = ServeKey.of(main.line(), env.variables(), env.userHome(), jar, cwd);
    if (key.isEmpty()) {
      throw KubelabException.usage("nothing to serve: a server keeps a cluster open that needs no start, and one-shot commands"
          + " with --content, or with KUBELAB_SERVER=off, never use one",
          "add --kubeconfig FILE (your cluster) or --keep (the kept k3s), as the commands it should answer give them");
    }
    PrintWriter log = app.err();
    ResidentServer server = new ResidentServer(key.get(), env, Duration.ofMinutes(idleMinutes),
        () -> Files.isDirectory(home) && ServeKey.of(main.line(), env.variables(), env.userHome(), jar, cwd)
            .map(k -> k.material().equals(key.get().material())).orElse(false),
        log);
    Thread hook = new Thread(() -> {
      server.stop("ended by a signal");
      server.awaitStopped(Duration.ofSeconds(2));
    });
    Runtime.getRuntime().addShutdownHook(hook);
    boolean ran = server.run(() -> warmUp(server.environment(), key.get()));
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // shutting down already: the hook is running
    }
    if (!ran) app.out().println("a kubelab server for this cluster already runs; 'kubelab serve --status' shows it");
    return 0;
  }

  /**
   * Does once what the first command would otherwise pay for: reads the course, opens the
   * cluster, renders the current task and asks whether its lab is there. Writes nothing.
   */
  private static void warmUp(Environment env, ServeKey key) {
    Environment quiet = env.withOutput(new PrintWriter(java.io.Writer.nullWriter()), new PrintWriter(java.io.Writer.nullWriter()),
        env.variables(), false);
    Main warm = new Main(quiet);
    warm.commandLine().parseArgs(key.global().toArray(String[]::new));
    App app = warm.app();
    try {
      app.course();
      app.cluster();
      Current.find(app).ifPresent(c -> app.engine().namespaceExists(c.placement()));
    } finally {
      app.close();
    }
    List<String> task = new ArrayList<>(key.global());
    task.add("task");
    new Main(quiet).run(task.toArray(String[]::new));
  }
}
