package dev.kubelab.runner;

import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A command's --help shows the command's own options, and one line pointing to 'kubelab --help'
 * for the global ones (--kubeconfig, --home, ...), which every command inherits and which would
 * otherwise fill the screen.
 */
final class SubcommandHelp {
  private SubcommandHelp() {}

  static void install(CommandLine command) {
    Map<String, CommandLine.IHelpSectionRenderer> sections = command.getHelpSectionMap();
    sections.put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_SYNOPSIS, Help::abbreviatedSynopsis);
    sections.put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_DESCRIPTION,
        help -> description(help.commandSpec().usageMessage().description(), help.commandSpec().usageMessage().width()));
    sections.put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST, help -> {
      Help.Layout layout = help.createDefaultLayout();
      for (OptionSpec o : help.commandSpec().options()) {
        if (!o.inherited() && !o.hidden()) layout.addOption(o, help.parameterLabelRenderer());
      }
      return layout.toString();
    });
    sections.put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER, help -> help.footer()
        + "Global options (--kubeconfig, --home, --stacktrace, ...): see 'kubelab --help'." + System.lineSeparator());
  }

  /**
   * A pass-through command (as, node exec) hands every word after it on, so its own --help is
   * recognised here: as the first word after the command, where no identity or node starts with
   * a dash. Prints the usage and returns true then.
   */
  static boolean passThroughHelp(CommandLine.ParseResult parsed) {
    CommandLine.ParseResult leaf = parsed;
    while (leaf.hasSubcommand()) leaf = leaf.subcommand();
    if (!(leaf.commandSpec().userObject() instanceof dev.kubelab.runner.command.PassThrough p) || !p.ownHelp()) return false;
    java.util.List<String> first = leaf.matchedPositionals().stream()
        .min(java.util.Comparator.comparingInt(a -> a.index().min()))
        .map(CommandLine.Model.PositionalParamSpec::originalStringValues).orElse(java.util.List.of());
    if (first.isEmpty() || !(first.get(0).equals("--help") || first.get(0).equals("-h"))) return false;
    CommandLine command = leaf.commandSpec().commandLine();
    command.usage(command.getOut());
    command.getOut().flush();
    return true;
  }

  /**
   * The description as paragraphs filled to the width: a line that does not end its sentence runs
   * on into the next (picocli would wrap each line by itself, leaving a sentence broken ragged
   * across lines); a line that starts with spaces (an example) stays as it is.
   */
  static String description(String[] lines, int width) {
    StringBuilder out = new StringBuilder();
    StringBuilder paragraph = new StringBuilder();
    for (String line : lines) {
      if (line.startsWith(" ")) {
        fill(paragraph, width, out);
        out.append(line).append(System.lineSeparator());
        continue;
      }
      if (paragraph.length() > 0) paragraph.append(' ');
      paragraph.append(line.strip());
      if (line.strip().matches(".*[.?!:]$")) fill(paragraph, width, out);
    }
    fill(paragraph, width, out);
    return out.toString();
  }

  private static void fill(StringBuilder paragraph, int width, StringBuilder out) {
    if (paragraph.length() == 0) return;
    StringBuilder line = new StringBuilder();
    for (String word : paragraph.toString().split(" +")) {
      if (line.length() > 0 && line.length() + 1 + word.length() > width) {
        out.append(line).append(System.lineSeparator());
        line.setLength(0);
      }
      if (line.length() > 0) line.append(' ');
      line.append(word);
    }
    out.append(line).append(System.lineSeparator());
    paragraph.setLength(0);
  }
}
