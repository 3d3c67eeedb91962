package dev.kubelab.runner.shell;

import dev.kubelab.runner.App;
import dev.kubelab.runner.Main;
import dev.kubelab.runner.command.Current;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import picocli.CommandLine;

/**
 * The interactive shell: reads a line, runs it as a kubelab command, and goes on whatever happens.
 * Ctrl-C clears the line (or stops a running command such as watch); Ctrl-D or 'quit' leaves.
 */
public final class Shell {
  private static final String LAB_LABEL = "kubelab.dev/lab";
  /** How often the waiting prompt looks whether another kubelab saved progress. */
  private static final java.time.Duration PROMPT_LOOK = java.time.Duration.ofSeconds(1);
  private final App app;
  private final Main main;
  private final Terminal terminal;

  public Shell(App app, Main main, Terminal terminal) {
    this.app = app;
    this.main = main;
    this.terminal = terminal;
  }

  public int run() throws IOException {
    app.attach(terminal);
    CommandLine commands = main.commandLine();
    Files.createDirectories(app.settings().home());
    LineReader reader = LineReaderBuilder.builder()
        .terminal(terminal)
        .appName("kubelab")
        .parser(new DefaultParser())
        .completer(new Completion(commands.getCommandSpec(), app))
        .variable(LineReader.HISTORY_FILE, app.settings().historyFile())
        .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
        .build();
    app.askWith(reader::readLine);
    greet();
    try (PromptRefresh prompt = new PromptRefresh(app, reader, PROMPT_LOOK)) {
      while (!app.quitRequested()) {
        String line;
        try {
          line = reader.readLine(prompt.prompt());
        } catch (UserInterruptException e) {
          continue;
        } catch (EndOfFileException e) {
          break;
        } finally {
          prompt.read();
        }
        List<String> words = reader.getParsedLine().words().stream().filter(w -> !w.isEmpty()).toList();
        if (words.equals(List.of("help"))) help(commands);
        else if (!words.isEmpty() && line != null) execute(commands, words);
      }
    } finally {
      reader.getHistory().save();
    }
    leftOnTheCluster();
    app.out().println(app.ansi().dim("bye — your progress is saved"));
    app.out().flush();
    return 0;
  }

  private void greet() {
    app.out().println(app.ansi().bold("kubelab") + app.ansi().dim(" · " + app.cluster().describe()));
    app.out().println(app.ansi().dim("'help' lists the commands, 'list' the labs; Tab completes; Ctrl-D leaves."));
    try {
      Current.find(app).ifPresent(c -> app.out().println("You are on " + c.lab().id() + ", exercise " + c.position()
          + " (" + c.exercise().title() + "): 'task' shows it."));
    } catch (RuntimeException e) {
      // a broken course is reported by the first command that needs it
    }
    app.out().flush();
  }

  /**
   * On the learner's own cluster (--kubeconfig), the labs' namespaces outlive the shell: said once,
   * on leaving, with the command that removes them. kubelab's own k3s goes with the shell (or is
   * kept on purpose with --keep); a class namespace is the student's and is not listed.
   */
  private void leftOnTheCluster() {
    if (app.settings().clusterOptions().embedded() || !app.clusterOpen() || app.namespacedModeOffline().isPresent()) return;
    try {
      List<String> left = app.cluster().client().namespaces().withLabel(LAB_LABEL).list().getItems().stream()
          .map(n -> n.getMetadata().getName()).toList();
      if (left.isEmpty()) return;
      app.out().println(app.ansi().dim("The labs' namespaces stay on your cluster (" + left.size() + ": "
          + String.join(", ", left.subList(0, Math.min(4, left.size()))) + (left.size() > 4 ? ", …" : "")
          + "); 'kubectl delete namespace -l " + LAB_LABEL + "' removes them. Your progress is kept either way."));
    } catch (RuntimeException e) {
      // leaving must not fail: the cluster may be gone already
    }
  }

  /**
   * The shell's own help: its commands, without the start-up options (--kubeconfig, --agents, ...),
   * which only take effect when kubelab starts.
   */
  private void help(CommandLine commands) {
    CommandLine.Help help = commands.getHelp();
    app.out().print(help.commandListHeading("Commands:%n") + dev.kubelab.runner.ClassMode.commandList(app, help));
    app.out().println(app.ansi().dim("'help COMMAND' shows a command's options; start-up options: kubelab --help in your own shell."));
    app.out().flush();
  }

  /** Runs one command; Ctrl-C meanwhile interrupts it rather than the whole program. */
  private void execute(CommandLine commands, List<String> words) {
    Thread worker = Thread.currentThread();
    Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, signal -> worker.interrupt());
    try {
      app.progress().reload(); // a one-shot kubelab in another terminal may have saved progress meanwhile
      commands.execute(words.toArray(String[]::new));
    } finally {
      terminal.handle(Terminal.Signal.INT, previous);
      Thread.interrupted();
      app.out().flush();
    }
  }
}
