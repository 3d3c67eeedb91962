package dev.kubelab.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every command's --help, from the one command list: its own options only, one line pointing to
 * 'kubelab --help' for the global ones, descriptions that end where their sentence ends, lines
 * that fit a terminal, and one screen of 24 lines at most.
 */
class CommandHelpTest {
  static final int SCREEN = 24;
  static final int WIDTH = 80;
  static final List<String> GLOBAL = List.of("--kubeconfig", "--home", "--content", "--context", "--agents", "--traefik", "--keep",
      "--cgroups", "--image-registry", "--no-color", "--stacktrace", "--k3s-image");

  @TempDir
  Path tmp;

  /** Every command and subcommand, as the words that name it ("class grade"). */
  static List<List<String>> commands() {
    Environment env = new Environment(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), Map.of(),
        Path.of("unused"), Clock.systemUTC(), (o, p) -> {
          throw new AssertionError("help opens no cluster");
        }, false, () -> null, Duration.ofSeconds(1), false);
    List<List<String>> out = new ArrayList<>();
    collect(new Main(env).commandLine(), List.of(), out);
    return out;
  }

  private static void collect(CommandLine cl, List<String> path, List<List<String>> out) {
    cl.getSubcommands().forEach((name, sub) -> {
      // help is picocli's own; an alias (exit for quit) is the same command under another name
      if (sub.getCommand() instanceof CommandLine.HelpCommand || !sub.getCommandName().equals(name)) return;
      List<String> words = Stream.concat(path.stream(), Stream.of(name)).toList();
      out.add(words);
      collect(sub, words, out);
    });
  }

  @TestFactory
  Stream<DynamicTest> everyCommandsHelp() {
    List<List<String>> all = commands();
    assertThat(all).extracting(w -> String.join(" ", w)).contains("check", "start", "class grade", "node exec", "exam start");
    return all.stream().map(words -> DynamicTest.dynamicTest(String.join(" ", words), () -> help(words)));
  }

  private void help(List<String> words) {
    TestKubelab kubelab = new TestKubelab(tmp.resolve("home"), null);
    kubelab.clusters = () -> {
      throw new AssertionError("help opens no cluster");
    };
    // 'kubectl --help' is kubectl's own help (passed through); kubelab's usage of it is 'help kubectl'
    List<String> args = new ArrayList<>(words.equals(List.of("kubectl")) ? List.of("help") : List.of());
    args.addAll(words);
    if (!words.equals(List.of("kubectl"))) args.add("--help");
    RunResult r = kubelab.run(args.toArray(String[]::new));
    String name = String.join(" ", words);
    String out = r.out();
    List<String> lines = out.lines().toList();
    SoftAssertions soft = new SoftAssertions();
    soft.assertThat(r.exitCode()).as(name + " --help exit code").isZero();
    soft.assertThat(out).as(name).contains("Usage: kubelab " + name);
    soft.assertThat(out.split("see 'kubelab --help'", -1)).as(name + ": one line pointing to the global options\n" + out).hasSize(2);
    // an option row starts with its names: "  -h, --help   Show ..."
    List<String> optionRows = lines.stream().filter(l -> l.matches("^\\s+-.*")).toList();
    for (String global : GLOBAL) {
      soft.assertThat(optionRows).as(name + " lists no global option\n" + out).noneMatch(l -> l.matches("^\\s+(-\\w, )?" + global + "\\b.*"));
    }
    for (String line : lines) soft.assertThat(line.length()).as(name + ": line fits " + WIDTH + " columns: " + line).isLessThanOrEqualTo(WIDTH);
    soft.assertThat(lines.size()).as(name + " --help fits one screen\n" + out).isLessThanOrEqualTo(SCREEN);
    // the first line of a description is what the command list and completion show: a whole sentence
    String[] description = description(words);
    soft.assertThat(description).as(name + " has a description").isNotEmpty();
    // a sentence wraps only where the next word would not fit, never ragged ("default limits,\na NetworkPolicy")
    int top = lines.indexOf(lines.stream().filter(l -> l.startsWith("Usage:")).findFirst().orElse("")) + 1;
    for (int i = top; i + 1 < lines.size() && !lines.get(i + 1).startsWith(" ") && !lines.get(i + 1).startsWith("Global"); i++) {
      String line = lines.get(i);
      if (line.startsWith(" ") || line.matches(".*[.?!:]$")) continue;
      String next = lines.get(i + 1).split(" ")[0];
      soft.assertThat(line.length() + 1 + next.length()).as(name + ": a sentence broken early before '" + next + "': " + line)
          .isGreaterThan(WIDTH);
    }
    // a line that does not end its sentence runs on into the next, which must then continue it
    for (int i = 0; i + 1 < description.length; i++) {
      if (description[i].isEmpty() || description[i].startsWith(" ") || description[i].matches(".*[.?!:]$")
          || description[i + 1].startsWith(" ")) continue; // an empty line ends a paragraph
      soft.assertThat(description[i + 1]).as(name + ": '" + description[i] + "' runs on into the next line, which starts a new sentence")
          .matches("^[a-z'(].*");
    }
    if (description.length > 0) soft.assertThat(description[0]).as(name + ": first description line is a whole sentence").matches("(?s).*[.?!]$");
    soft.assertAll();
  }

  private static String[] description(List<String> words) {
    Environment env = new Environment(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), Map.of(),
        Path.of("unused"), Clock.systemUTC(), (o, p) -> null, false, () -> null, Duration.ofSeconds(1), false);
    CommandLine cl = new Main(env).commandLine();
    for (String w : words) cl = cl.getSubcommands().get(w);
    return Arrays.copyOf(cl.getCommandSpec().usageMessage().description(), cl.getCommandSpec().usageMessage().description().length);
  }
}
