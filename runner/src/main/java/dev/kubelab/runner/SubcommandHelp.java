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
}
