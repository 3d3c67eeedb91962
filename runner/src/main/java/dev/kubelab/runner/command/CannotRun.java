package dev.kubelab.runner.command;

import dev.kubelab.labs.api.Course;
import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.labs.cluster.ClusterOptions;
import dev.kubelab.labs.engine.LabEngine;
import dev.kubelab.runner.App;
import io.fabric8.kubernetes.client.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The labs a cluster cannot run, as 'list' marks them: asked of the open cluster (then remembered
 * for its API server), or, with no cluster at hand, what kubelab remembers of the one kubelab
 * would use (--kubeconfig's, or the last embedded k3s), read from files without contacting it.
 *
 * @param source where the marks come from, for the learner ("remembered from ..."); null when asked live
 */
record CannotRun(Map<String, List<String>> labs, String source) {
  static final CannotRun NONE = new CannotRun(Map.of(), null);

  static CannotRun of(App app, Course course) {
    return app.clusterOpen() ? asked(app, course) : remembered(app, course);
  }

  /**
   * Asked of the open cluster. kubelab's own k3s takes the shape a lab needs when it starts, so
   * there only a remembered NetworkPolicy verdict counts.
   */
  private static CannotRun asked(App app, Course course) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    try {
      LabEngine engine = app.engine();
      out.putAll(Availability.cannotRun(app, course.labs(), Optional.empty())); // the same reasons 'doctor' gives
      engine.rememberCannotRun(out, app.clock().instant());
    } catch (KubelabException e) {
      app.err().println(app.ansi().dim("(could not ask the cluster which labs it can run: " + e.getMessage() + ")"));
      return NONE;
    }
    return new CannotRun(out, null);
  }

  private static CannotRun remembered(App app, Course course) {
    ClusterOptions options = app.settings().clusterOptions();
    Optional<String> server = server(options.embedded() ? options.embeddedKubeconfig() : options.kubeconfig(),
        options.embedded() ? null : options.context());
    Optional<LabEngine.Remembered> known = server.flatMap(s -> LabEngine.remembered(app.settings().home(), s, course.labs(), options.embedded()));
    if (known.isEmpty()) return NONE;
    String when = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(java.time.ZoneId.systemDefault())
        .format(known.get().at());
    String which = options.embedded() ? "the last embedded k3s (" + server.get() + ")" : server.get();
    return new CannotRun(known.get().cannotRun(), "what kubelab remembers of " + which + " as of " + when + " ("
        + app.settings().home().resolve("clusters.json") + "); the cluster was not asked");
  }

  /** The API server a kubeconfig names, read from the file alone. */
  private static Optional<String> server(Path kubeconfig, String context) {
    if (kubeconfig == null || !Files.isRegularFile(kubeconfig)) return Optional.empty();
    try {
      return Optional.ofNullable(Config.fromKubeconfig(context, kubeconfig.toFile()).getMasterUrl());
    } catch (RuntimeException e) {
      return Optional.empty(); // an unreadable kubeconfig is reported when a command opens the cluster
    }
  }

  boolean isEmpty() {
    return labs.isEmpty();
  }
}
