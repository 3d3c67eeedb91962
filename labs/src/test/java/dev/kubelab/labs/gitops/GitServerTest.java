package dev.kubelab.labs.gitops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.InvalidRemoteException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A JGit client clones and fetches from kubelab's Git server as Flux's source-controller would. */
class GitServerTest {
  @TempDir Path home;
  GitServer server;
  LabRepository repo;

  @BeforeEach
  void start() throws Exception {
    repo = LabRepository.of(home, "kl-gitops-demo");
    repo.create(RepoSteps.parse(List.of(Map.of("write", Map.of("apps/web.yaml", "web.yaml")), Map.of("commit", "Add web"))),
        f -> "kind: Deployment # from " + f + "\n");
    server = GitServer.start(LabRepository.root(home), new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  String url(String name) {
    return "http://127.0.0.1:" + server.port() + "/" + name + ".git";
  }

  @Test
  void aGitClientClonesTheLabRepositoryAndFetchesNewCommits(@TempDir Path clones) throws Exception {
    try (Git clone = Git.cloneRepository().setURI(url("kl-gitops-demo")).setDirectory(clones.resolve("a").toFile())
        .setBranch("main").call()) {
      assertThat(Files.readString(clones.resolve("a/apps/web.yaml"))).contains("from web.yaml");
      assertThat(clone.getRepository().resolve(Constants.R_REMOTES + "origin/main").name()).isEqualTo(repo.tip().orElseThrow().id());

      repo.apply(RepoSteps.parse(List.of(Map.of("write", Map.of("apps/web.yaml", "v2")), Map.of("commit", "Scale web"))), f -> "replicas: 3\n",
          m -> {});
      clone.fetch().call();
      RevCommit fetched = clone.getRepository().parseCommit(clone.getRepository().resolve(Constants.R_REMOTES + "origin/main"));
      assertThat(fetched.getShortMessage()).isEqualTo("Scale web");
      assertThat(fetched.name()).isEqualTo(repo.tip().orElseThrow().id());
    }
    assertThat(server.fetches()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void aShallowCloneWorksAsSourceControllerAsksForOne(@TempDir Path clones) throws Exception {
    try (Git clone = Git.cloneRepository().setURI(url("kl-gitops-demo")).setDirectory(clones.toFile()).setDepth(1).call()) {
      assertThat(clone.log().call()).hasSize(1);
    }
  }

  @Test
  void unknownRepositoriesAndPathsOutsideTheRootAreNotFound(@TempDir Path clones) throws Exception {
    assertThatThrownBy(() -> Git.cloneRepository().setURI(url("kl-nothing")).setDirectory(clones.resolve("x").toFile()).call())
        .isInstanceOf(InvalidRemoteException.class);
    HttpClient http = HttpClient.newHttpClient();
    for (String path : List.of("/../kl-gitops-demo.git/info/refs?service=git-upload-pack", "/gitops.git/info/refs?service=git-upload-pack",
        "/KL.git/info/refs?service=git-upload-pack", "/")) {
      var r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(path).isEqualTo(404);
    }
  }

  @Test
  void anotherKubelabCanTellItsOwnRepositoriesAreServedOnAPort() throws Exception {
    assertThat(GitServer.servesHere(server.port(), LabRepository.root(home))).isTrue();
    assertThat(GitServer.servesHere(server.port(), home.resolve("elsewhere"))).as("another home's repositories").isFalse();
    int nothing;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      nothing = s.getLocalPort();
    }
    assertThat(GitServer.servesHere(nothing, LabRepository.root(home))).isFalse();
  }

  @Test
  void aSecondKubelabOnAFixedPortLeavesServingToTheFirstWhenItServesTheSameRepositories() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path root = LabRepository.root(home);
    GitAccess first = new GitAccess(java.util.Optional.of("http://127.0.0.1:" + port));
    GitAccess second = new GitAccess(java.util.Optional.of("http://127.0.0.1:" + port));
    List<String> said = new java.util.ArrayList<>();
    first.serve(null, root, said::add);
    try {
      second.serve(null, root, said::add);
      assertThat(said).last().asString().contains("served to Flux at http://127.0.0.1:" + port + " by another kubelab");
      assertThat(second.server()).isEmpty();
      assertThatThrownBy(() -> second.serve(null, home.resolve("other-root"), m -> {}))
          .hasMessageContaining("cannot start kubelab's Git server").hasMessageContaining("Address already in use");
    } finally {
      first.server().orElseThrow().close();
    }
    // the first has gone: the second takes the port over
    second.serve(null, root, said::add);
    assertThat(second.server()).isPresent();
    second.server().get().close();
  }

  @Test
  void itIsReadOnly() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    var advert = http.send(HttpRequest.newBuilder(URI.create(url("kl-gitops-demo") + "/info/refs?service=git-receive-pack")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(advert.statusCode()).isEqualTo(403);
    assertThat(advert.body()).contains("read-only");
    var push = http.send(HttpRequest.newBuilder(URI.create(url("kl-gitops-demo") + "/git-receive-pack"))
        .POST(HttpRequest.BodyPublishers.ofString("0000")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(push.statusCode()).isEqualTo(403);
    var dumb = http.send(HttpRequest.newBuilder(URI.create(url("kl-gitops-demo") + "/info/refs")).build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    assertThat(dumb.statusCode()).isEqualTo(403);
  }

  @Test
  void theServerNeverKeepsTheJvmAlive() {
    assertThat(Thread.getAllStackTraces().keySet()).filteredOn(t -> t.getName().startsWith("HTTP-Dispatcher") && t.isAlive())
        .isNotEmpty().allMatch(Thread::isDaemon);
  }
}
