package dev.kubelab.runner;

import dev.kubelab.labs.api.Cluster;
import dev.kubelab.labs.cluster.ClusterOptions;
import dev.kubelab.labs.cluster.Clusters;
import dev.kubelab.labs.doctor.MachineProbe;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * Everything kubelab takes from the world outside: output streams, environment variables, the
 * clock, how to open a cluster and a terminal. Tests pass their own.
 *
 * @param console      whether standard output is a terminal (colour is only used on one)
 * @param realCluster  whether opened clusters run controllers (false for the test mock server)
 * @param machine      how 'doctor' looks at this machine (container engine, cgroups, memory, kernel)
 * @param kept         what outlives one command line: nothing in a process that runs one, the
 *                     parsed course in a resident server ({@code kubelab serve})
 */
public record Environment(
    PrintWriter out,
    PrintWriter err,
    Map<String, String> variables,
    Path userHome,
    Clock clock,
    ClusterOpener clusters,
    boolean realCluster,
    TerminalFactory terminals,
    Duration watchInterval,
    boolean console,
    MachineProbe machine,
    Kept kept) {

  /** An environment that looks at the real machine when 'doctor' asks. */
  public Environment(PrintWriter out, PrintWriter err, Map<String, String> variables, Path userHome, Clock clock,
      ClusterOpener clusters, boolean realCluster, TerminalFactory terminals, Duration watchInterval, boolean console) {
    this(out, err, variables, userHome, clock, clusters, realCluster, terminals, watchInterval, console, MachineProbe.system());
  }

  /** An environment that keeps nothing beyond one command line. */
  public Environment(PrintWriter out, PrintWriter err, Map<String, String> variables, Path userHome, Clock clock,
      ClusterOpener clusters, boolean realCluster, TerminalFactory terminals, Duration watchInterval, boolean console,
      MachineProbe machine) {
    this(out, err, variables, userHome, clock, clusters, realCluster, terminals, watchInterval, console, machine, Kept.NOTHING);
  }

  /**
   * What a process keeps for the command lines after this one, by name. A one-shot process keeps
   * nothing (every call makes the value); a resident server keeps what never changes while it
   * runs, such as the packaged course.
   */
  public interface Kept {
    Kept NOTHING = new Kept() {
      @Override
      public <T> T get(String name, java.util.function.Supplier<T> make) {
        return make.get();
      }
    };

    <T> T get(String name, java.util.function.Supplier<T> make);
  }

  /** Opens (or starts) the cluster the options name, reporting progress line by line. */
  @FunctionalInterface
  public interface ClusterOpener {
    Cluster open(ClusterOptions options, Consumer<String> progress);
  }

  @FunctionalInterface
  public interface TerminalFactory {
    Terminal open() throws IOException;
  }

  public static Environment system() {
    return new Environment(
        new PrintWriter(System.out, true, StandardCharsets.UTF_8),
        new PrintWriter(System.err, true, StandardCharsets.UTF_8),
        System.getenv(),
        Path.of(System.getProperty("user.home")),
        Clock.systemDefaultZone(), // people read times in their own zone; files keep UTC (Instant.toString)
        Clusters::open,
        true,
        () -> TerminalBuilder.builder().system(true).name("kubelab").build(),
        Duration.ofSeconds(2),
        System.console() != null);
  }

  /** This environment with another output, variables and terminal flag: one request to a server, or a quiet warm-up. */
  public Environment withOutput(PrintWriter out, PrintWriter err, Map<String, String> variables, boolean console) {
    return new Environment(out, err, Map.copyOf(variables), userHome, clock, clusters, realCluster, terminals, watchInterval, console,
        machine, kept);
  }

  /** This environment opening clusters through {@code clusters} and keeping what {@code kept} keeps: a resident server's. */
  public Environment keeping(ClusterOpener clusters, Kept kept) {
    return new Environment(out, err, variables, userHome, clock, clusters, realCluster, terminals, watchInterval, console, machine, kept);
  }

  public String variable(String name) {
    String v = variables.get(name);
    return v == null || v.isBlank() ? null : v;
  }
}
