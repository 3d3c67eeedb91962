package dev.kubelab.runner.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 'serve --status' and '--stop' never hang on a server that does not answer, and clear what dead ones left. */
class ServeControlTest {
  @TempDir
  Path home;

  @Test
  void aServerThatHoldsItsLockButNeverAnswersIsNamedNotWaitedFor() throws Exception {
    Path folder = Files.createDirectories(ServeKey.folder(home));
    Path socket = folder.resolve("0000abcd.sock");
    try (FileChannel lockFile = FileChannel.open(folder.resolve("0000abcd.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
         FileLock held = lockFile.lock();
         ServerSocketChannel hung = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      hung.bind(UnixDomainSocketAddress.of(socket));
      Thread accepting = new Thread(() -> {
        try (SocketChannel c = hung.accept()) {
          Thread.sleep(60_000); // reads nothing, answers nothing
        } catch (Exception e) {
          // the test is over
        }
      });
      accepting.setDaemon(true);
      accepting.start();
      long t0 = System.nanoTime();
      List<String> lines = ServeControl.each(home, Wire.STATUS, Duration.ofMillis(500));
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
      assertThat(lines).singleElement().asString().startsWith("0000abcd.sock: a server holds it but did not answer within 0 s")
          .contains("end it by its pid");
      assertThat(socket).exists();
      accepting.interrupt();
    }
  }

  @Test
  void aSocketNoServerHoldsIsRemovedAndSaidSo() throws Exception {
    Path folder = Files.createDirectories(ServeKey.folder(home));
    Path socket = folder.resolve("0000abcd.sock");
    try (ServerSocketChannel gone = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      gone.bind(UnixDomainSocketAddress.of(socket));
    }
    assertThat(ServeControl.statusAll(home)).singleElement().asString()
        .isEqualTo("removed 0000abcd.sock, left by a server that is no longer running");
    assertThat(socket).doesNotExist();
    assertThat(ServeControl.statusAll(home)).isEmpty();
  }
}
