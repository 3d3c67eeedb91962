package dev.kubelab.runner;

import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.runner.command.NotInClassMode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.ParseResult;

/**
 * What a student in class mode is offered: the commands marked {@link NotInClassMode} are left
 * out of help and completion, and refused with why when typed. Class mode is known from the
 * kubeconfig (and --namespace) without asking a cluster, so 'kubelab --help' stays offline.
 */
public final class ClassMode {
  private ClassMode() {}

  private static Optional<String> namespace(App app) {
    try {
      return app.clusterOpen() ? app.namespacedMode() : app.namespacedModeOffline();
    } catch (RuntimeException e) {
      return Optional.empty(); // settings that cannot be read are reported by the command that needs them
    }
  }

  /** Whether {@code command} is offered to whoever runs this kubelab. */
  public static boolean offers(App app, CommandLine command) {
    return !(command.getCommand() instanceof NotInClassMode) || namespace(app).isEmpty();
  }

  /** The root's list of commands, as help shows it, without those class mode cannot use. */
  public static String commandList(App app, CommandLine.Help help) {
    Map<String, CommandLine.Help> offered = new LinkedHashMap<>();
    help.subcommands().forEach((name, sub) -> {
      if (offers(app, sub.commandSpec().commandLine())) offered.put(name, sub);
    });
    return help.commandList(offered);
  }

  /** Makes the root's help list only the commands offered, decided when help is shown (after the options are read). */
  static void install(CommandLine root, Supplier<App> app) {
    root.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST, help -> {
      App a;
      try {
        a = app.get();
      } catch (RuntimeException e) {
        return help.commandList(); // options that make no App (--agents -1): the command that runs says so
      }
      return commandList(a, help);
    });
  }

  /** Refuses a command line whose command class mode cannot use, before anything of it runs. */
  static void refuse(App app, ParseResult parsed) throws KubelabException {
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      CommandLine command = p.commandSpec().commandLine();
      Object asked = command.getCommand();
      if (asked instanceof CommandLine.HelpCommand && !p.matchedPositionals().isEmpty() && p.commandSpec().parent() != null) {
        // 'help node' asks for node's help: refused as 'node --help' is
        java.util.List<String> words = p.matchedPositionals().get(0).stringValues();
        CommandLine named = words.isEmpty() ? null : p.commandSpec().parent().subcommands().get(words.get(0));
        if (named != null) asked = named.getCommand();
      }
      if (asked instanceof NotInClassMode off) {
        Optional<String> ns = namespace(app);
        if (ns.isPresent()) throw off.refusedInClass(ns.get());
      }
    }
  }
}
