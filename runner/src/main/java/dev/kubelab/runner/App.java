package dev.kubelab.runner;

import dev.kubelab.labs.addon.Addons;
import dev.kubelab.labs.api.Cluster;
import dev.kubelab.labs.api.Course;
import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.labs.api.Lab;
import dev.kubelab.labs.api.Placement;
import dev.kubelab.labs.check.CheckKinds;
import dev.kubelab.labs.classroom.ClassOffer;
import dev.kubelab.labs.classroom.Namespaced;
import dev.kubelab.labs.cluster.ClusterOptions;
import dev.kubelab.labs.content.ContentSource;
import dev.kubelab.labs.content.CourseCache;
import dev.kubelab.labs.content.CourseLoader;
import dev.kubelab.labs.content.ImageCatalog;
import dev.kubelab.labs.content.Problems;
import dev.kubelab.labs.content.Templates;
import dev.kubelab.labs.content.Yaml;
import dev.kubelab.labs.engine.LabEngine;
import dev.kubelab.runner.exam.ExamTimer;
import dev.kubelab.runner.progress.ProgressStore;
import dev.kubelab.runner.render.Ansi;
import dev.kubelab.runner.render.Markdown;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import org.jline.terminal.Terminal;

/**
 * What every command works with: settings, output, clock, and the course, cluster, engine and
 * progress, each loaded the first time a command needs it (so {@code list} never opens a cluster).
 */
public final class App implements AutoCloseable {
  private static final int DEFAULT_WIDTH = 100;

  private final Settings settings;
  private final Environment env;
  private PrintWriter out;
  private PrintWriter err;
  private Ansi ansi;
  private int width = DEFAULT_WIDTH;
  private boolean interactive;
  private boolean quitRequested;
  private java.util.function.UnaryOperator<String> asker;

  private Course course;
  private Templates templates;
  private Cluster cluster;
  private ClusterOptions openedWith;
  private Addons addons;
  private LabEngine engine;
  private ProgressStore progress;
  private ExamTimer examTimer;
  private String namespaceOption;
  private Optional<String> namespaced;
  private ClassOffer classOffer;

  public App(Settings settings, Environment env) {
    this.settings = settings;
    this.env = env;
    this.out = env.out();
    this.err = env.err();
    this.ansi = new Ansi(colorAllowed() && env.console());
  }

  public Settings settings() {
    return settings;
  }

  public PrintWriter out() {
    return out;
  }

  public PrintWriter err() {
    return err;
  }

  public Clock clock() {
    return env.clock();
  }

  public Ansi ansi() {
    return ansi;
  }

  public int width() {
    return width;
  }

  public Markdown markdown() {
    return new Markdown(ansi, width);
  }

  /** How 'doctor' looks at this machine. */
  public dev.kubelab.labs.doctor.MachineProbe machineProbe() {
    return env.machine();
  }

  public Duration watchInterval() {
    return env.watchInterval();
  }

  /** Switches output to the shell's terminal, with colour if that terminal has it. */
  public void attach(Terminal terminal) {
    out = terminal.writer();
    err = terminal.writer();
    interactive = true;
    String type = terminal.getType();
    ansi = new Ansi(colorAllowed() && type != null && !type.startsWith(Terminal.TYPE_DUMB));
    if (terminal.getWidth() > 20) width = Math.min(terminal.getWidth(), DEFAULT_WIDTH);
  }

  private boolean colorAllowed() {
    return settings.color() && env.variable("NO_COLOR") == null;
  }

  /** The shell's way to ask a question on its own terminal (its line reader). */
  public void askWith(java.util.function.UnaryOperator<String> asker) {
    this.asker = asker;
  }

  /**
   * Asks the person at the terminal and returns what they typed ("" for Ctrl-C or Ctrl-D); empty
   * when there is no one to ask (input is not a terminal), so the caller can say how to go on.
   */
  public Optional<String> ask(String question) {
    try {
      if (asker != null) return Optional.of(String.valueOf(asker.apply(question)));
    } catch (org.jline.reader.EndOfFileException | org.jline.reader.UserInterruptException e) {
      return Optional.of("");
    }
    java.io.Console console = env.console() ? System.console() : null;
    return console == null ? Optional.empty() : Optional.ofNullable(console.readLine("%s", question));
  }

  public boolean interactive() {
    return interactive;
  }

  public void requestQuit() {
    quitRequested = true;
  }

  public boolean quitRequested() {
    return quitRequested;
  }

  public ContentSource contentSource() {
    Path dir = settings.content();
    if (dir == null) return ContentSource.classpath();
    if (!Files.isDirectory(dir)) {
      throw KubelabException.usage("no course folder at " + dir, "--content names a folder holding course.yaml");
    }
    return ContentSource.directory(dir.toAbsolutePath());
  }

  /** The course, with its images rewritten for the user's registry. */
  public Course course() {
    return course(false);
  }

  /**
   * The course; fully verified (every template rendered, every check bound) when it comes from a
   * folder or {@code verify} asks for it. The built-in course was verified by the build.
   */
  public Course course(boolean verify) {
    if (course == null) {
      CourseLoader loader = new CourseLoader(contentSource(), CheckKinds.builtIn());
      boolean full = verify || settings.content() != null;
      // the packaged course never changes within one jar: kept parsed in the home, keyed by the jar's files
      Optional<CourseCache> cache = full ? Optional.empty() : CourseCache.forPackagedCourse(settings.home().resolve("cache"));
      Loaded loaded = cache.isPresent()
          ? env.kept().get("packaged course", () -> new Loaded(cache.get().get(() -> loader.load(false)), loader.templates()))
          : new Loaded(loader.load(full), loader.templates());
      course = loaded.course().withImages(images(loaded.course().images()));
      templates = loaded.templates();
    }
    return course;
  }

  /** A course as read, with the templates its checks and hints render through. */
  private record Loaded(Course course, Templates templates) {}

  public Templates templates() {
    course();
    return templates;
  }

  /** Forgets the loaded course, so the next command reads the files again (after 'validate'). */
  public void reloadCourse() {
    course = null;
    templates = null;
    engine = null;
  }

  private Map<String, String> images(Map<String, String> catalog) {
    Map<String, String> overrides = new LinkedHashMap<>();
    Path file = settings.imagesFile();
    if (Files.isRegularFile(file)) {
      Problems problems = new Problems();
      Yaml doc;
      try {
        doc = Yaml.parse(file.toString(), Files.readString(file), problems);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      for (String key : doc.keys()) overrides.put(key, doc.get(key).string());
      problems.throwIfAny(file.toString());
    }
    try {
      return ImageCatalog.rewrite(catalog, settings.imageRegistry(), overrides);
    } catch (IllegalArgumentException e) {
      throw KubelabException.usage(file + ": " + e.getMessage(), "name only images the course's catalog has");
    }
  }

  /** The cluster, opened (for embedded k3s: started) the first time it is needed. */
  public Cluster cluster() {
    if (cluster == null) open(settings.clusterOptions());
    return cluster;
  }

  private void open(ClusterOptions options) {
    cluster = env.clusters().open(options, line -> {
      err.println(ansi.dim("  " + line));
      err.flush();
    });
    openedWith = options;
  }

  /**
   * The cluster a lab runs on. The embedded k3s is started with the nodes and Traefik the lab
   * needs (on top of --agents / --traefik). When one already runs with too small a shape, it is
   * restarted with the right one if {@code restart} is given (the lab state in it is lost; progress
   * is kept), and otherwise the error says how. A kubeconfig's cluster is what it is: the lab's
   * preflight says what it lacks.
   */
  public Cluster clusterFor(Lab lab, boolean restart) {
    return clusterFor("lab " + lab.id(), "start " + lab.id(), List.of(lab), restart);
  }

  /**
   * The cluster for several labs at once (an exam's pool): the largest shape any of them needs.
   * {@code who} names them in messages ("exam cka"); {@code command} is what to run again.
   */
  public Cluster clusterFor(String who, String command, List<Lab> labs, boolean restart) {
    ClusterOptions base = settings.clusterOptions();
    if (!base.embedded()) return cluster();
    int nodes = labs.stream().mapToInt(l -> l.requires().nodes()).max().orElse(1);
    int agents = Math.max(base.agents(), nodes - 1);
    boolean traefik = base.traefik() || labs.stream().anyMatch(l -> l.requires().traefik());
    ClusterOptions wanted = new ClusterOptions(base.home(), base.kubeconfig(), base.context(), base.k3sImage(), base.keep(),
        base.cgroups(), agents, traefik);
    if (agents > 0 && base.keep()) {
      throw KubelabException.usage(who + " needs " + nodes + " nodes, and a kept cluster (--keep)"
          + " has one", "run it in the shell without --keep: 'kubelab', then '" + command + "'");
    }
    if (cluster != null && openedWith != null && (openedWith.agents() < agents || (traefik && !openedWith.traefik()))) {
      String shape = shape(agents, traefik);
      if (!restart) {
        throw KubelabException.usage(who + " needs " + shape + ", and the running cluster has "
            + shape(openedWith.agents(), openedWith.traefik()),
            "'" + command + " --restart-cluster' restarts it as " + shape + " (labs in it start over; your progress is kept)");
      }
      err.println(ansi.dim("restarting the cluster as " + shape + " for " + who));
      Cluster old = cluster;
      cluster = null;
      if (engine != null) engine.stopOperators(); // a lab's in-process operators stop with the cluster they watch
      engine = null;
      old.close();
    }
    if (cluster == null) {
      if (agents > 0 || traefik) err.println(ansi.dim("starting " + shape(agents, traefik) + " for " + who));
      open(wanted);
    }
    return cluster;
  }

  private static String shape(int agents, boolean traefik) {
    return (agents + 1) + (agents == 0 ? " node" : " nodes") + (traefik ? " with Traefik" : " without Traefik");
  }

  public boolean clusterOpen() {
    return cluster != null;
  }

  /** Whether asking the cluster costs no cluster start: it is open, or it is a kubeconfig's, or a kept k3s. */
  public boolean clusterAtHand() {
    return cluster != null || !settings.clusterOptions().embedded() || settings.keep();
  }

  public LabEngine engine() {
    if (engine == null) {
      // one Addons for the session, and in a background server one for all its commands: the GitOps
      // add-on's Git server lives in it, and there it keeps serving Flux between commands
      if (addons == null) {
        java.util.function.Supplier<Addons> make = () -> Addons.of(contentSource(), ImageCatalog.mover(settings.imageRegistry()));
        addons = settings.content() == null ? env.kept().get("add-ons", make) : make.get();
      }
      engine = new LabEngine(course(), templates(), CheckKinds.builtIn(), cluster(), env.realCluster(), addons, settings.home());
    }
    return engine;
  }

  /** {@code --namespace}: namespaced mode in this namespace, whatever the kubeconfig says. */
  public void namespaceOption(String namespace) {
    this.namespaceOption = namespace == null || namespace.isBlank() ? null : namespace;
  }

  /**
   * Namespaced mode (a classroom student): the one namespace labs run in, or empty for a learner's
   * own cluster. Given by {@code --namespace}, or detected: the kubeconfig's context sets a
   * namespace and these credentials may not create namespaces (asked once, with a
   * SelfSubjectAccessReview; a class kubeconfig is recognised by its context without asking).
   */
  public Optional<String> namespacedMode() {
    if (namespaced == null) {
      Optional<String> offline = namespacedModeOffline();
      if (offline.isPresent() || namespaceOption != null) {
        namespaced = offline;
      } else {
        Optional<Namespaced.ContextNamespace> ctx = Namespaced.contextNamespace(settings.kubeconfig(), settings.context());
        try {
          namespaced = ctx.filter(c -> !Namespaced.canCreateNamespaces(cluster().client())).map(Namespaced.ContextNamespace::namespace);
        } catch (KubelabException e) {
          return Optional.empty(); // the cluster cannot be asked now; the command that needs it will say why
        }
      }
    }
    return namespaced;
  }

  /** Namespaced mode as far as it is known without asking the cluster (for 'list', which never touches one). */
  public Optional<String> namespacedModeOffline() {
    if (namespaceOption != null) return Optional.of(namespaceOption);
    if (namespaced != null) return namespaced;
    return Namespaced.contextNamespace(settings.kubeconfig(), settings.context())
        .filter(Namespaced.ContextNamespace::classContext).map(Namespaced.ContextNamespace::namespace);
  }

  /**
   * Where a lab runs: its own namespaces, or (namespaced mode) the learner's one namespace. A lab
   * that cannot run there keeps its own placement; 'start' refuses it.
   */
  public Placement placement(Lab lab) {
    Optional<String> ns = namespacedMode();
    if (ns.isEmpty() || Namespaced.unavailable(lab).isPresent()) return Placement.standard(lab);
    return Namespaced.placement(lab, ns.get());
  }

  /**
   * What the learner's class provides beyond their namespace, as {@code class create} recorded it
   * there; nothing for a namespace no class set up (or one an older kubelab did). Read once.
   */
  public ClassOffer classOffer() {
    if (classOffer == null) {
      Optional<String> ns = namespacedMode();
      if (ns.isEmpty()) return ClassOffer.NONE;
      try {
        classOffer = ClassOffer.read(cluster().client().configMaps().inNamespace(ns.get()).withName(ClassOffer.RECORD).get())
            .orElse(ClassOffer.NONE);
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        classOffer = ClassOffer.NONE; // may not read it: then the class offers nothing more
      }
    }
    return classOffer;
  }

  public ProgressStore progress() {
    if (progress == null) {
      progress = new ProgressStore(settings.progressFile(), env.clock(), warning -> {
        err.println(ansi.yellow("warning: ") + warning);
        err.flush();
      });
    }
    return progress;
  }

  /** The shell's exam deadline timer (one per App). */
  public synchronized ExamTimer examTimer() {
    if (examTimer == null) examTimer = new ExamTimer(this);
    return examTimer;
  }

  @Override
  public void close() {
    if (examTimer != null) examTimer.close();
    if (cluster != null) {
      Cluster c = cluster;
      cluster = null;
      if (engine != null) engine.stopOperators(); // quitting kubelab stops the labs' in-process operators; what they made stays
      engine = null;
      c.close();
      if (!interactive && settings.clusterOptions().embedded() && !settings.keep()) {
        err.println(ansi.dim("note: the embedded cluster stopped with this command; to run one command at a time,"
            + " add --keep so the cluster (and your lab) stays up between them"));
      }
    }
    out.flush();
    err.flush();
  }
}
