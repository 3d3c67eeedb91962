package dev.kubelab.runner.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelab.runner.Main;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Option;

/** Which command lines a server answers, and which server: worked out from the words, before anything loads. */
class ServeKeyTest {
  @TempDir
  Path tmp;

  Path jar;
  Path user;

  @BeforeEach
  void setUp() throws IOException {
    jar = Files.writeString(tmp.resolve("kubelab.jar"), "one build");
    user = Files.createDirectories(tmp.resolve("user"));
  }

  private Optional<ServeKey> key(Map<String, String> env, String... line) {
    return ServeKey.of(List.of(line), env, user, jar, tmp);
  }

  private Optional<ServeKey> key(String... line) {
    return key(Map.of(), line);
  }

  @Test
  void theParserKnowsExactlyMainsGlobalOptions() {
    Set<String> valued = new HashSet<>();
    Set<String> flags = new HashSet<>();
    for (Field f : Main.class.getDeclaredFields()) {
      Option o = f.getAnnotation(Option.class);
      if (o == null) continue;
      (f.getType() == boolean.class ? flags : valued).addAll(List.of(o.names()));
    }
    assertThat(ServeKey.VALUED).isEqualTo(valued);
    assertThat(ServeKey.FLAGS).isEqualTo(flags);
  }

  @Test
  void servedCommandsOnAClusterThatNeedsNoStart() {
    for (String command : ServeKey.SERVED) {
      assertThat(key("--kubeconfig", "k.yaml", command)).as(command).isPresent();
      assertThat(key("--keep", command)).as(command).isPresent();
      assertThat(key(command, "--kubeconfig=k.yaml")).as(command + ", option after it").isPresent();
    }
    assertThat(key("--kubeconfig", "k.yaml", "answer", "q1", "two", "words").orElseThrow().args())
        .endsWith("answer", "q1", "two", "words");
    assertThat(key("--kubeconfig", "k.yaml", "list", "--json")).isPresent();
  }

  @Test
  void everythingElseRunsInItsOwnProcess() {
    assertThat(key("check")).as("the embedded k3s, started and stopped by the command").isEmpty();
    assertThat(key("--kubeconfig", "k.yaml")).as("the shell").isEmpty();
    for (String command : List.of("start", "watch", "reset", "solution", "kubectl", "exam", "class", "doctor", "validate", "chek")) {
      assertThat(key("--kubeconfig", "k.yaml", command)).as(command).isEmpty();
    }
    assertThat(key("--kubeconfig", "k.yaml", "check", "--help")).isEmpty();
    assertThat(key("--kubeconfig", "k.yaml", "--help")).isEmpty();
    assertThat(key("--kubeconfig", "k.yaml", "check", "--kubeconfg", "x")).as("a misspelt option: picocli says so").isEmpty();
    assertThat(key("--kubeconfig", "k.yaml", "--content", "course", "check")).as("a course being written").isEmpty();
    assertThat(key("--kubeconfig")).isEmpty();
    assertThat(key("--kubeconfig", "k.yaml", "answer", "q1", "-5")).isEmpty();
    assertThat(key(Map.of("KUBELAB_SERVER", "off"), "--kubeconfig", "k.yaml", "check")).isEmpty();
    assertThat(key(Map.of("KUBELAB_SERVER", " OFF "), "--keep", "check")).isEmpty();
  }

  @Test
  void relativePathsAreMadeAbsoluteWhereTheyWereTyped() {
    ServeKey k = key("--home", "h", "check", "--kubeconfig=conf/k.yaml").orElseThrow();
    assertThat(k.args()).containsExactly("--home=" + tmp.resolve("h"), "check", "--kubeconfig=" + tmp.resolve("conf/k.yaml"));
    assertThat(k.global()).containsExactly("--home=" + tmp.resolve("h"), "--kubeconfig=" + tmp.resolve("conf/k.yaml"));
    assertThat(k.home()).isEqualTo(tmp.resolve("h"));
    assertThat(k.socket().getParent()).isEqualTo(tmp.resolve("h/servers"));
  }

  @Test
  void theHomeComesFromTheOptionTheVariableOrTheUsersFolder() {
    assertThat(key("--keep", "check").orElseThrow().home()).isEqualTo(user.resolve(".kubelab"));
    assertThat(key(Map.of("KUBELAB_HOME", "/srv/lab"), "--keep", "check").orElseThrow().home()).isEqualTo(Path.of("/srv/lab"));
    assertThat(key(Map.of("KUBELAB_HOME", "/srv/lab"), "--home", "/elsewhere", "--keep", "check").orElseThrow().home())
        .isEqualTo(Path.of("/elsewhere"));
  }

  @Test
  void oneServerPerClusterOptionsBuildAndKubelabVariablesNotPerCommandOrLook() throws IOException {
    ServeKey check = key("--kubeconfig", "k.yaml", "check").orElseThrow();
    ServeKey server = key("--kubeconfig", "k.yaml", "serve", "--idle", "30").orElseThrow();
    assertThat(server.material()).isEqualTo(check.material());
    assertThat(server.socket()).isEqualTo(check.socket());
    assertThat(key("--no-color", "--kubeconfig", "k.yaml", "task", "--stacktrace").orElseThrow().material())
        .as("looks travel with the request").isEqualTo(check.material());
    assertThat(key(Map.of("NO_COLOR", "1", "PATH", "/x"), "--kubeconfig", "k.yaml", "check").orElseThrow().material())
        .isEqualTo(check.material());
    for (List<String> other : List.of(List.of("--kubeconfig", "other.yaml", "check"), List.of("--kubeconfig", "k.yaml", "--context", "b", "check"),
        List.of("--kubeconfig", "k.yaml", "--namespace", "class-x-ada", "check"), List.of("--home", "h2", "--kubeconfig", "k.yaml", "check"),
        List.of("--keep", "check"), List.of("--kubeconfig", "k.yaml", "--image-registry", "harbor.corp/hub", "check"))) {
      assertThat(key(other.toArray(String[]::new)).orElseThrow().material()).as(other.toString()).isNotEqualTo(check.material());
      assertThat(key(other.toArray(String[]::new)).orElseThrow().socket()).as(other.toString()).isNotEqualTo(check.socket());
    }
    assertThat(key(Map.of("KUBELAB_KUBEVIRT_MODE", "manifest"), "--kubeconfig", "k.yaml", "check").orElseThrow().material())
        .isNotEqualTo(check.material());
    assertThat(key(Map.of("KUBELAB_SERVER", "on"), "--kubeconfig", "k.yaml", "check").orElseThrow().material())
        .isEqualTo(check.material());
    Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 60_000));
    assertThat(key("--kubeconfig", "k.yaml", "check").orElseThrow().material()).as("another build").isNotEqualTo(check.material());
  }

  @Test
  void aHomeTooDeepForASocketPathIsNotServed() {
    String deep = tmp.resolve("d".repeat(120)).toString();
    assertThat(key("--home", deep, "--keep", "check")).isEmpty();
  }

  @Test
  void onlyCommandsThatChangeNothingWhenRunTwiceAreRunAgainAfterAServerDied() {
    assertThat(key("--keep", "check").orElseThrow().repeatable()).isTrue();
    assertThat(key("--keep", "answer", "q", "1").orElseThrow().repeatable()).isTrue();
    assertThat(key("--keep", "next").orElseThrow().repeatable()).isFalse();
    assertThat(key("--keep", "prev").orElseThrow().repeatable()).isFalse();
    assertThat(key("--keep", "hint").orElseThrow().repeatable()).isFalse();
  }
}
