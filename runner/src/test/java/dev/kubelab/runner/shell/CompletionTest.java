package dev.kubelab.runner.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelab.runner.Environment;
import dev.kubelab.runner.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jline.reader.Candidate;
import org.jline.reader.impl.DefaultParser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Completion comes from picocli's model of the commands, plus values the commands offer. */
class CompletionTest {
  @TempDir
  Path home;

  Completion completion;
  Environment env;
  Path course;

  @BeforeEach
  void setUp() throws URISyntaxException {
    course = Path.of(getClass().getResource("/testcourse/course.yaml").toURI()).getParent();
    env = new Environment(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), Map.of(), home,
        Clock.systemUTC(), (o, p) -> {
          throw new AssertionError("completion must not open the cluster");
        }, false, () -> null, Duration.ofSeconds(2), false);
    Main main = new Main(env);
    CommandLine cl = main.commandLine();
    cl.parseArgs("--home", home.toString(), "--content", course.toString());
    completion = new Completion(cl.getCommandSpec(), main.app());
  }

  private List<String> complete(String line) {
    List<Candidate> candidates = new ArrayList<>();
    completion.complete(null, new DefaultParser().parse(line, line.length()), candidates);
    return candidates.stream().map(Candidate::value).toList();
  }

  @Test
  void commandNamesComeFromTheCommandModel() {
    assertThat(complete("")).contains("list", "start", "check", "watch", "kubectl", "validate", "quit", "help");
  }

  @Test
  void aStudentInClassModeIsNotOfferedNodeOrClass() {
    assertThat(complete("")).contains("node", "class");
    Main main = new Main(env);
    main.commandLine().parseArgs("--home", home.toString(), "--content", course.toString(), "--namespace", "class-demo-ana");
    completion = new Completion(main.commandLine().getCommandSpec(), main.app());
    assertThat(complete("")).contains("start", "check", "kubectl").doesNotContain("node", "class");
    assertThat(complete("node ")).isEmpty();
    assertThat(complete("class --")).isEmpty();
  }

  @Test
  void startCompletesLabIds() {
    assertThat(complete("start ")).containsExactly("basics/config");
  }

  @Test
  void optionsOfACommand() {
    assertThat(complete("list --")).contains("--json", "--help");
  }

  @Test
  void helpCompletesCommandNames() {
    assertThat(complete("help ")).contains("check");
  }
}
