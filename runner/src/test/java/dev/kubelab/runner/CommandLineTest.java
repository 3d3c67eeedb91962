package dev.kubelab.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelab.runner.command.Check;
import dev.kubelab.runner.command.Exam;
import dev.kubelab.runner.command.ListLabs;
import dev.kubelab.runner.command.Quit;
import org.junit.jupiter.api.Test;

/**
 * A one-shot command line builds only the command it names; finding that command before picocli
 * reads the line must never take an option's value for it, and must fall back to every command
 * whenever the line is anything else.
 */
class CommandLineTest {

  @Test
  void theCommandIsTheFirstWordThatIsNeitherAnOptionNorItsValue() {
    assertThat(Main.named("list")).isEqualTo(ListLabs.class);
    assertThat(Main.named("--kubeconfig", "list", "check")).as("list is the kubeconfig's file name").isEqualTo(Check.class);
    assertThat(Main.named("--kubeconfig=k.yaml", "check")).isEqualTo(Check.class);
    assertThat(Main.named("--no-color", "--stacktrace", "check", "--watch")).isEqualTo(Check.class);
    assertThat(Main.named("--namespace", "exam", "list")).isEqualTo(ListLabs.class);
    assertThat(Main.named("exam", "start", "cka-practice")).isEqualTo(Exam.class);
    assertThat(Main.named("exit")).as("an alias").isEqualTo(Quit.class);
  }

  @Test
  void anythingElseGetsEveryCommand() {
    assertThat(Main.named()).as("the shell").isNull();
    assertThat(Main.named("--kubeconfig", "k.yaml")).isNull();
    assertThat(Main.named("help", "check")).as("help lists and finds the others").isNull();
    assertThat(Main.named("lsit")).as("picocli suggests a command from all of them").isNull();
    assertThat(Main.named("--", "list")).isNull();
    assertThat(Main.named("--help")).isNull();
  }
}
