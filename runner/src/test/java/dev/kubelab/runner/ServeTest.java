package dev.kubelab.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelab.runner.serve.ResidentServer;
import dev.kubelab.runner.serve.ServeClient;
import dev.kubelab.runner.serve.ServeControl;
import dev.kubelab.runner.serve.ServeKey;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resident server and its thin client, over a real Unix domain socket, against the mock API
 * server: a served command prints, exits and saves exactly what the same command run in its own
 * process does, and whatever goes wrong with a server, the command still runs.
 */
@EnableKubernetesMockClient(crud = true)
class ServeTest {
  static final String LAB = "day2/rolling-updates";

  KubernetesClient client;

  @TempDir
  Path tmp;

  TestKubelab kubelab;
  Path jar;
  StringWriter log = new StringWriter();
  ResidentServer server;
  Thread serving;
  final AtomicReference<Boolean> ran = new AtomicReference<>();

  @BeforeEach
  void setUp() throws IOException {
    kubelab = new TestKubelab(tmp.resolve("home"), client);
    kubelab.content = null; // a server serves the packaged course only
    TestKubelab.addReadyNode(client);
    jar = Files.writeString(tmp.resolve("kubelab.jar"), "a build");
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    if (server != null) server.stop("the test is over");
    if (serving != null) serving.join(10_000);
  }

  private ServeKey key(String... args) {
    return ServeKey.of(List.of(kubelab.withGlobalOptions(args)), Map.of(), tmp, jar, tmp).orElseThrow();
  }

  private ResidentServer serve(Duration idle) throws InterruptedException {
    return serve(idle, () -> true);
  }

  /** A server on its own thread, its socket bound; {@code stillValid} as the serve command's. */
  private ResidentServer serve(Duration idle, java.util.function.BooleanSupplier stillValid) throws InterruptedException {
    ServeKey key = key("serve");
    ResidentServer s = new ResidentServer(key, kubelab.environment(new PrintWriter(log), new PrintWriter(log)), idle, stillValid,
        new PrintWriter(log, true));
    Thread t = new Thread(() -> {
      try {
        ran.set(s.run(() -> {}));
      } catch (IOException e) {
        throw new RuntimeException(e);
      }
    });
    t.start();
    for (int i = 0; i < 200 && !Files.exists(key.socket()); i++) Thread.sleep(10);
    assertThat(key.socket()).exists();
    server = s;
    serving = t;
    return s;
  }

  private RunResult served(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ServeClient.Attempt a = ServeClient.attempt(key(args), Map.of(), false, out, err);
    assertThat(a.code()).as("answered by the server: " + err.toString(StandardCharsets.UTF_8)).isNotNull();
    assertThat(a.spawn()).isFalse();
    return new RunResult(a.code(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), false);
  }

  private String progress() throws IOException {
    return Files.readString(kubelab.home.resolve("progress.json"));
  }

  @Test
  void aServedCommandPrintsExitsAndSavesWhatItsOwnProcessWould() throws Exception {
    assertThat(kubelab.run("start", LAB).exitCode()).isZero();
    serve(Duration.ofMinutes(5));
    for (List<String> line : List.of(List.of("task"), List.of("check"), List.of("progress"), List.of("list"),
        List.of("answer", "revision-1-image", "busybox"), List.of("check"), List.of("next"), List.of("prev"),
        List.of("answer", "no-such-question", "x"), List.of("hint"))) {
      String[] args = line.toArray(String[]::new);
      String before = progress();
      RunResult here = kubelab.run(args);
      String afterHere = progress();
      Files.writeString(kubelab.home.resolve("progress.json"), before);
      RunResult there = served(args);
      assertThat(there.exitCode()).as(line + ": exit code").isEqualTo(here.exitCode());
      assertThat(there.out()).as(line + ": output").isEqualTo(here.out());
      assertThat(there.err()).as(line + ": error output").isEqualTo(here.err());
      assertThat(progress()).as(line + ": progress saved").isEqualTo(afterHere);
    }
    assertThat(ServeControl.statusAll(kubelab.home)).singleElement().asString()
        .contains("mock API server (tests)", "10 commands served", "stops after 5 min");
  }

  @Test
  void serveSaysWhatItCannotDo() {
    kubelab.embedded = true;
    assertThat(kubelab.run("serve")).satisfies(r -> {
      assertThat(r.exitCode()).isEqualTo(2);
      assertThat(r.err()).contains("error: nothing to serve", "hint: add --kubeconfig FILE (your cluster) or --keep");
    });
    kubelab.embedded = false;
    assertThat(kubelab.run("serve", "--status", "--stop").err()).contains("error: --status and --stop do not go together");
    assertThat(kubelab.run("serve", "--idle", "0").err()).contains("error: --idle must be 1 minute or more, not 0");
    assertThat(kubelab.run("serve", "--status").out()).startsWith("no kubelab server runs for " + kubelab.home);
    assertThat(kubelab.run("serve", "--stop").out()).startsWith("no kubelab server runs for " + kubelab.home);
    assertThat(kubelab.shell("serve\nquit\n").out()).contains("error: the shell is a running kubelab already");
    assertThat(kubelab.home.resolve("servers")).doesNotExist();
  }

  @Test
  void colourAndTheTerminalFlagTravelWithEachRequest() throws Exception {
    kubelab.run("start", LAB);
    serve(Duration.ofMinutes(5));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ServeClient.attempt(key("task"), Map.of(), true, out, OutputStream.nullOutputStream());
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("\u001b[");
    out.reset();
    ServeClient.attempt(key("task"), Map.of("NO_COLOR", "1"), true, out, OutputStream.nullOutputStream());
    assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("\u001b[").contains("Exercise 1/3");
    out.reset();
    ServeClient.attempt(key("--no-color", "task"), Map.of(), true, out, OutputStream.nullOutputStream());
    assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("\u001b[").contains("Exercise 1/3");
  }

  @Test
  void withNoServerOrAStaleSocketTheCommandRunsHereAndAServerIsStartedForTheNext() throws Exception {
    ServeKey key = key("check");
    assertThat(ServeClient.attempt(key, Map.of(), false, OutputStream.nullOutputStream(), OutputStream.nullOutputStream()))
        .isEqualTo(new ServeClient.Attempt(null, true));
    // a socket left by a server that is gone (killed, or the machine rebooted): nobody listens
    Files.createDirectories(key.socket().getParent());
    try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      dead.bind(UnixDomainSocketAddress.of(key.socket()));
    }
    assertThat(key.socket()).exists();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertThat(ServeClient.attempt(key, Map.of(), false, OutputStream.nullOutputStream(), err))
        .isEqualTo(new ServeClient.Attempt(null, true));
    assertThat(err.size()).as("nothing to say: the command simply runs here").isZero();
    // the next server takes the stale socket's place
    serve(Duration.ofMinutes(5));
    kubelab.run("start", LAB);
    assertThat(served("task").out()).contains("Exercise 1/3");
  }

  @Test
  void aServerOfOtherOptionsThatHappensToHaveTheSocketRefusesAndTheCommandRunsHere() throws Exception {
    serve(Duration.ofMinutes(5));
    ServeKey mine = key("task");
    ServeKey forged = new ServeKey(mine.command(), mine.args(), mine.global(), mine.material() + "env KUBELAB_OTHER=1\n",
        mine.home());
    // the socket is named after the material: make the forged key look for this server's socket
    Path socket = mine.socket();
    Path forgedSocket = forged.socket();
    Files.createDirectories(forgedSocket.getParent());
    if (!forgedSocket.equals(socket)) Files.createSymbolicLink(forgedSocket, socket);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(ServeClient.attempt(forged, Map.of(), false, out, OutputStream.nullOutputStream()))
        .isEqualTo(new ServeClient.Attempt(null, false));
    assertThat(out.size()).isZero();
  }

  @Test
  void aSecondServerForTheSameClusterStepsAsideAndTheFirstKeepsServing() throws Exception {
    serve(Duration.ofMinutes(5));
    ResidentServer second = new ResidentServer(key("serve"), kubelab.environment(new PrintWriter(log), new PrintWriter(log)),
        Duration.ofMinutes(5), () -> true, new PrintWriter(log, true));
    assertThat(second.run(() -> {
      throw new AssertionError("a second server never warms up");
    })).isFalse();
    kubelab.run("start", LAB);
    assertThat(served("task").out()).contains("Exercise 1/3");
  }

  @Test
  void stopAndStatusReachEveryServerOfTheHomeAndAStoppedServerRemovesItsSocket() throws Exception {
    ResidentServer s = serve(Duration.ofMinutes(5));
    assertThat(ServeControl.statusAll(kubelab.home)).singleElement().asString()
        .contains("a cluster not opened yet", "0 commands served");
    assertThat(ServeControl.stopAll(kubelab.home)).singleElement().asString().startsWith("stopped the server for");
    serving.join(10_000);
    assertThat(serving.isAlive()).isFalse();
    assertThat(ran.get()).isTrue();
    assertThat(key("check").socket()).doesNotExist();
    assertThat(ServeControl.statusAll(kubelab.home)).isEmpty();
    assertThat(log.toString()).contains("stopped: asked to stop after 0 commands");
    assertThat(s).isNotNull();
  }

  @Test
  void anIdleServerStopsByItself() throws Exception {
    serve(Duration.ofMillis(200));
    serving.join(15_000);
    assertThat(serving.isAlive()).isFalse();
    assertThat(log.toString()).contains("stopped: idle for");
    assertThat(key("check").socket()).doesNotExist();
  }

  @Test
  void aServerThatBuiltAgainOrLostItsHomeStops() throws Exception {
    boolean[] valid = {true};
    serve(Duration.ofMinutes(5), () -> valid[0]);
    valid[0] = false;
    serving.join(15_000);
    assertThat(serving.isAlive()).isFalse();
    assertThat(log.toString()).contains("kubelab was built again or its folder is gone");
  }

  /** A server that writes some output and then dies, as a killed or crashed server would. */
  private Thread dying(ServeKey key, boolean writeFirst) throws IOException {
    Files.createDirectories(key.socket().getParent());
    Files.deleteIfExists(key.socket());
    ServerSocketChannel fake = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    fake.bind(UnixDomainSocketAddress.of(key.socket()));
    Thread t = new Thread(() -> {
      try (fake; SocketChannel c = fake.accept()) {
        DataInputStream in = new DataInputStream(Channels.newInputStream(c));
        in.readNBytes(8); // part of the request
        if (writeFirst) {
          DataOutputStream out = new DataOutputStream(Channels.newOutputStream(c));
          out.writeByte('o');
          out.writeInt(6);
          out.write("half\n\n".getBytes(StandardCharsets.UTF_8));
          out.flush();
        }
      } catch (IOException e) {
        throw new RuntimeException(e);
      }
    });
    t.start();
    return t;
  }

  @Test
  void aServerThatDiesWhileAnsweringRepeatableCommandsHasThemRunHereWithANote() throws Exception {
    ServeKey key = key("check");
    Thread t = dying(key, true);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ServeClient.Attempt a = ServeClient.attempt(key, Map.of(), false, OutputStream.nullOutputStream(), err);
    t.join();
    assertThat(a).isEqualTo(new ServeClient.Attempt(null, true));
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("note: kubelab's background server stopped while answering")
        .contains("running the command here instead");
  }

  @Test
  void aServerThatDiesHalfwayThroughACommandThatMovesDoesNotRunItTwice() throws Exception {
    ServeKey key = key("next");
    Thread t = dying(key, true);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ServeClient.Attempt a = ServeClient.attempt(key, Map.of(), false, OutputStream.nullOutputStream(), err);
    t.join();
    assertThat(a).isEqualTo(new ServeClient.Attempt(3, true));
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("error: kubelab's background server stopped while answering 'next'",
        "hint: 'task' shows where you are now");
    // before any output, even 'next' runs here: the server never got to it
    Thread before = dying(key, false);
    err.reset();
    a = ServeClient.attempt(key, Map.of(), false, OutputStream.nullOutputStream(), err);
    before.join();
    assertThat(a.code()).isNull();
  }

  @Test
  void aReaderThatGoesAwayDoesNotMakeTheCommandRunAgain() throws Exception {
    kubelab.run("start", LAB);
    serve(Duration.ofMinutes(5));
    OutputStream closedPipe = new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        throw new IOException("Broken pipe");
      }
    };
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ServeClient.Attempt a = ServeClient.attempt(key("task"), Map.of(), false, closedPipe, err);
    assertThat(a).isEqualTo(new ServeClient.Attempt(0, false));
    assertThat(err.size()).isZero();
  }
}
