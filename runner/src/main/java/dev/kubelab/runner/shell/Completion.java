package dev.kubelab.runner.shell;

import dev.kubelab.runner.App;
import dev.kubelab.runner.ClassMode;
import dev.kubelab.runner.command.Completes;
import java.util.List;
import java.util.Map;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Tab completion from picocli's model of the commands (so there is no second list of names):
 * command names, each command's options, and values a command offers (lab ids, question ids).
 */
final class Completion implements Completer {
  private final CommandSpec root;
  private final App app;

  Completion(CommandSpec root, App app) {
    this.root = root;
    this.app = app;
  }

  @Override
  public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
    List<String> before = line.words().subList(0, Math.min(line.wordIndex(), line.words().size()));
    if (before.isEmpty()) {
      commands(candidates);
      return;
    }
    CommandLine sub = root.subcommands().get(before.get(0));
    if (sub == null || !ClassMode.offers(app, sub)) return;
    Object command = sub.getCommand();
    if (command instanceof CommandLine.HelpCommand) {
      if (before.size() == 1) commands(candidates);
      return;
    }
    if (line.word().startsWith("-")) {
      sub.getCommandSpec().options().forEach(o -> {
        for (String name : o.names()) candidates.add(new Candidate(name, name, null, first(o.description()), null, null, true));
      });
      return;
    }
    if (command instanceof Completes c) {
      List<String> typed = before.subList(1, before.size()).stream().filter(w -> !w.startsWith("-")).toList();
      try {
        c.candidates(app, typed).forEach(v -> candidates.add(new Candidate(v)));
      } catch (RuntimeException e) {
        // no suggestions rather than an error in the middle of typing
      }
    }
  }

  private void commands(List<Candidate> candidates) {
    for (Map.Entry<String, CommandLine> e : root.subcommands().entrySet()) {
      if (!ClassMode.offers(app, e.getValue())) continue;
      String[] description = e.getValue().getCommandSpec().usageMessage().description();
      candidates.add(new Candidate(e.getKey(), e.getKey(), null, first(description), null, null, true));
    }
  }

  private static String first(String[] lines) {
    return lines == null || lines.length == 0 ? null : lines[0];
  }
}
