package dev.kubelab.runner;

import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.labs.cluster.ClusterOptions;
import dev.kubelab.runner.command.Answer;
import dev.kubelab.runner.command.As;
import dev.kubelab.runner.command.Check;
import dev.kubelab.runner.command.Classes;
import dev.kubelab.runner.command.Doctor;
import dev.kubelab.runner.command.Exam;
import dev.kubelab.runner.command.Explain;
import dev.kubelab.runner.command.Hint;
import dev.kubelab.runner.command.Kubectl;
import dev.kubelab.runner.command.ListLabs;
import dev.kubelab.runner.command.MapTable;
import dev.kubelab.runner.command.Next;
import dev.kubelab.runner.command.Nodes;
import dev.kubelab.runner.command.PassThrough;
import dev.kubelab.runner.command.Prev;
import dev.kubelab.runner.command.Progress;
import dev.kubelab.runner.command.Quit;
import dev.kubelab.runner.command.Report;
import dev.kubelab.runner.command.Reset;
import dev.kubelab.runner.command.Serve;
import dev.kubelab.runner.command.Solution;
import dev.kubelab.runner.command.Start;
import dev.kubelab.runner.command.Task;
import dev.kubelab.runner.command.Validate;
import dev.kubelab.runner.command.Watch;
import dev.kubelab.runner.shell.Shell;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/** The {@code kubelab} command: global options, the one list of commands, and how errors end. */
@Command(name = "kubelab", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = {"Learn Kubernetes by doing, graded live on a real cluster.",
        "Without a command, starts the cluster and opens the interactive shell."})
public final class Main implements Callable<Integer> {
  /**
   * Every command, in help's order. Added to the root by {@link #commandLine()} rather than
   * declared on it, so a one-shot command line can build just the command it names: picocli
   * builds a command's model by reflection, and all of them cost every one-shot command about a
   * tenth of a second.
   */
  static final List<Class<?>> COMMANDS = List.of(ListLabs.class, Start.class, Task.class, Check.class, Watch.class, Hint.class,
      Solution.class, Answer.class, Next.class, Prev.class, Reset.class, Kubectl.class, As.class, Progress.class, Validate.class,
      Explain.class, MapTable.class, Nodes.class, Exam.class, Classes.class, Report.class, Doctor.class, Serve.class, Quit.class, HelpCommand.class);

  @Option(scope = ScopeType.INHERIT, names = "--home", paramLabel = "DIR", description = "kubelab's folder: progress, history, cluster files (default: $KUBELAB_HOME or ~/.kubelab)")
  Path home;

  @Option(scope = ScopeType.INHERIT, names = "--content", paramLabel = "DIR", description = "load the course from this folder instead of the built-in one")
  Path content;

  @Option(scope = ScopeType.INHERIT, names = "--kubeconfig", paramLabel = "FILE", description = "use this existing cluster instead of the embedded k3s")
  Path kubeconfig;

  @Option(scope = ScopeType.INHERIT, names = "--context", paramLabel = "NAME", description = "the kubeconfig context (default: its current one)")
  String context;

  @Option(scope = ScopeType.INHERIT, names = "--namespace", paramLabel = "NS", description = "namespaced mode: run labs in this one namespace (a class namespace); detected from a class kubeconfig")
  String namespace;

  @Option(scope = ScopeType.INHERIT, names = "--k3s-image", paramLabel = "IMAGE", description = "the k3s image of the embedded cluster (default: $KUBELAB_K3S_IMAGE or " + ClusterOptions.DEFAULT_K3S_IMAGE + ")")
  String k3sImage;

  @Option(scope = ScopeType.INHERIT, names = "--agents", paramLabel = "N", defaultValue = "0",
      description = "k3s agent nodes beside the server, for multi-node labs (default: 0, one node)")
  int agents;

  @Option(scope = ScopeType.INHERIT, names = "--traefik", description = "keep k3s's Traefik ingress controller (ingress labs)")
  boolean traefik;

  @Option(scope = ScopeType.INHERIT, names = "--keep", description = "keep the embedded cluster running after kubelab exits, and reuse it next time")
  boolean keep;

  @Option(scope = ScopeType.INHERIT, names = "--cgroups", paramLabel = "MODE", defaultValue = "private",
      description = "how the k3s container gets cgroups: private (default) or host (some cgroup v1 hosts need it)")
  ClusterOptions.Cgroups cgroups;

  @Option(scope = ScopeType.INHERIT, names = "--image-registry", paramLabel = "HOST/PATH", description = "pull every lab image from this registry (a mirror, Harbor, an air-gapped registry)")
  String imageRegistry;

  @Option(scope = ScopeType.INHERIT, names = "--no-color", description = "plain text, no colours (also: the NO_COLOR environment variable)")
  boolean noColor;

  @Option(scope = ScopeType.INHERIT, names = "--stacktrace", description = "show the stack trace of errors (for bug reports)")
  boolean stacktrace;

  private final Environment env;
  private App app;
  private List<String> line = List.of();

  public Main(Environment env) {
    this.env = env;
  }

  /** Runs one command line to its end and returns the exit code; the cluster, if opened, is closed. */
  public int run(String... args) {
    line = List.of(args);
    try {
      return commandLine(named(args)).execute(args);
    } finally {
      if (app != null) app.close();
      env.out().flush();
      env.err().flush();
    }
  }

  /** A fresh command line over this root, with every command: the shell reuses it for every line it reads. */
  public CommandLine commandLine() {
    return commandLine(null);
  }

  /**
   * The command a one-shot command line names, found before picocli reads it: the first word that
   * is neither an option of the root nor an option's value, if it is a command's name or alias.
   * Null (every command) for anything else: no command (the shell), help, a word that is no
   * command (picocli suggests one), or "--".
   */
  static Class<?> named(String... args) {
    java.util.Set<String> valued = new java.util.HashSet<>();
    for (java.lang.reflect.Field f : Main.class.getDeclaredFields()) {
      Option o = f.getAnnotation(Option.class);
      if (o != null && f.getType() != boolean.class) valued.addAll(List.of(o.names()));
    }
    for (int i = 0; i < args.length; i++) {
      String word = args[i];
      if (word.equals("--")) return null;
      if (word.startsWith("-")) {
        if (!word.contains("=") && valued.contains(word)) i++;
        continue;
      }
      for (Class<?> c : COMMANDS) {
        Command command = c.getAnnotation(Command.class);
        if (command == null || c == HelpCommand.class) continue;
        if (command.name().equals(word) || List.of(command.aliases()).contains(word)) return c;
      }
      return null;
    }
    return null;
  }

  /** A fresh command line over this root, with only the command {@code only}, or every command when it is null. */
  CommandLine commandLine(Class<?> only) {
    CommandLine cl = new CommandLine(this);
    for (Class<?> c : COMMANDS) {
      if (only != null && c != only) continue;
      try {
        cl.addSubcommand(CommandLine.defaultFactory().create(c));
      } catch (Exception e) {
        throw new IllegalStateException("cannot make the command " + c.getSimpleName(), e);
      }
    }
    PrintWriter out = app == null ? env.out() : app.out();
    PrintWriter err = app == null ? env.err() : app.err();
    cl.setOut(out).setErr(err).setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler(this::failed)
        .setParameterExceptionHandler(this::badUsage)
        .setExecutionStrategy(parsed -> {
          try {
            ClassMode.refuse(app(), parsed);
          } catch (KubelabException e) {
            throw new CommandLine.ExecutionException(parsed.commandSpec().commandLine(), e.getMessage(), e);
          }
          return SubcommandHelp.passThroughHelp(parsed) ? 0 : new CommandLine.RunLast().execute(parsed);
        });
    ClassMode.install(cl, this::app);
    List<CommandLine> all = new ArrayList<>(cl.getSubcommands().values());
    cl.getSubcommands().values().forEach(sub -> all.addAll(sub.getSubcommands().values()));
    for (CommandLine sub : all) {
      if (!(sub.getCommand() instanceof HelpCommand)) SubcommandHelp.install(sub);
      if (sub.getCommand() instanceof PassThrough) {
        // kubectl has its own --context and --kubeconfig: everything after the command is its own
        var spec = sub.getCommandSpec();
        spec.options().stream().filter(OptionSpec::inherited).toList().forEach(spec::remove);
        sub.setStopAtPositional(true).setUnmatchedOptionsArePositionalParams(true);
      }
    }
    return cl;
  }

  /** The command line being run, as given. */
  public List<String> line() {
    return line;
  }

  /** What this kubelab takes from the world outside. */
  public Environment environment() {
    return env;
  }

  /** The application context, built from the options the first time a command asks for it. */
  public App app() {
    if (app == null) {
      app = new App(settings(), env);
      app.namespaceOption(namespace);
    }
    return app;
  }

  private Settings settings() {
    Path h = home != null ? home : env.variable("KUBELAB_HOME") != null ? Path.of(env.variable("KUBELAB_HOME"))
        : env.userHome().resolve(".kubelab");
    String image = k3sImage != null ? k3sImage
        : env.variable("KUBELAB_K3S_IMAGE") != null ? env.variable("KUBELAB_K3S_IMAGE") : ClusterOptions.DEFAULT_K3S_IMAGE;
    if (agents < 0) throw KubelabException.usage("--agents must be 0 or more, not " + agents, "e.g. --agents 2 for a 3-node cluster");
    return new Settings(h.toAbsolutePath(), content, kubeconfig, context, image, keep, cgroups, imageRegistry, !noColor, stacktrace,
        agents, traefik);
  }

  /** No command: open the cluster first (so a machine without one gets the clear error), then the shell. */
  @Override
  public Integer call() throws Exception {
    App a = app();
    if (a.interactive()) {
      a.out().println("You are in the kubelab shell already; 'help' lists the commands.");
      return 0;
    }
    // the lab the learner was on decides the embedded cluster's shape (nodes, Traefik) from the start
    String current = a.progress().data().currentLab;
    java.util.Optional<dev.kubelab.labs.api.Lab> lab = current == null ? java.util.Optional.empty() : a.course().lab(current);
    if (lab.isPresent()) a.clusterFor(lab.get(), false);
    else a.cluster();
    try (var terminal = env.terminals().open()) {
      return new Shell(a, this, terminal).run();
    }
  }

  private int failed(Exception ex, CommandLine cl, ParseResult parsed) {
    PrintWriter err = app == null ? env.err() : app.err();
    boolean trace = app != null ? app.settings().stacktrace() : stacktrace;
    KubelabException k = userError(ex);
    if (k != null) {
      err.println(red("error: ") + k.getMessage());
      if (k.hint() != null) err.println(yellow("hint: ") + k.hint());
    } else {
      err.println(red("error: ") + "internal error: " + ex);
      err.println(yellow("hint: ") + "this is a bug in kubelab; rerun with --stacktrace and report what it prints");
    }
    if (trace) ex.printStackTrace(err);
    err.flush();
    return k != null ? k.exitCode() : KubelabException.INTERNAL;
  }

  private static KubelabException userError(Exception ex) {
    if (ex instanceof KubelabException k) return k;
    if (ex instanceof io.fabric8.kubernetes.client.KubernetesClientException k8s) {
      return dev.kubelab.labs.grade.Errors.translate(k8s, "talk to the cluster");
    }
    return null;
  }

  private int badUsage(ParameterException ex, String[] args) {
    PrintWriter err = app == null ? env.err() : app.err();
    String command = ex.getCommandLine().getCommandSpec().qualifiedName();
    boolean unknownCommand = ex instanceof UnmatchedArgumentException u && ex.getCommandLine().getCommandSpec().parent() == null
        && !u.isUnknownOption() && !u.getUnmatched().isEmpty();
    err.println(red("error: ") + (unknownCommand
        ? "unknown command '" + ((UnmatchedArgumentException) ex).getUnmatched().get(0) + "'" : ex.getMessage()));
    // an unknown command is compared with every command (picocli's own suggestions may leave out the nearest)
    List<String> close = ex instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()
        ? Suggestions.close(u.getUnmatched().get(0), unknownCommand ? ex.getCommandLine().getSubcommands().keySet() : u.getSuggestions())
        : List.of();
    if (!close.isEmpty()) {
      err.println(yellow("hint: ") + "did you mean " + String.join(", ", close) + "?");
    } else {
      String help = app != null && app.interactive() ? "help " + command.replaceFirst("^kubelab ?", "") : command + " --help";
      err.println(yellow("hint: ") + "'" + help.strip() + "' shows how to use it");
    }
    err.flush();
    return KubelabException.USAGE;
  }

  private String red(String s) {
    return app == null ? s : app.ansi().red(s);
  }

  private String yellow(String s) {
    return app == null ? s : app.ansi().yellow(s);
  }

  /** The version from the jar's manifest; "dev" when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"kubelab " + (v == null ? "dev" : v)};
    }
  }
}
