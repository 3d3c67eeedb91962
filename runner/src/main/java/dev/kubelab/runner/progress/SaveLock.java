package dev.kubelab.runner.progress;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lets one kubelab at a time read, merge and write a file, so that two saving at once do not
 * lose either's update. Between processes it is an OS lock on a sibling ".lock" file, which goes
 * with the process however it ends, so a crash never blocks the next kubelab; the empty file
 * stays, as deleting it would let a waiting kubelab and a new one lock two different files.
 * Within one JVM a lock per path comes first, as the OS lock belongs to the whole process.
 *
 * <p>It never makes a save fail: where the lock file cannot be made (a read-only folder) or the
 * file system has no locks, or another kubelab holds it far longer than a save takes (a stopped
 * process), the save goes ahead unlocked, as it always did.
 */
final class SaveLock implements AutoCloseable {
  private static final Map<Path, ReentrantLock> IN_JVM = new ConcurrentHashMap<>();
  private static final long PATIENCE = TimeUnit.SECONDS.toNanos(10);

  private final ReentrantLock inJvm;
  private final FileChannel channel;

  private SaveLock(ReentrantLock inJvm, FileChannel channel) {
    this.inJvm = inJvm;
    this.channel = channel;
  }

  static SaveLock on(Path file) {
    Path lockFile = file.toAbsolutePath().normalize().resolveSibling(file.getFileName() + ".lock");
    ReentrantLock inJvm = IN_JVM.computeIfAbsent(lockFile, k -> new ReentrantLock());
    inJvm.lock();
    try {
      return new SaveLock(inJvm, acrossProcesses(lockFile));
    } catch (RuntimeException | Error e) {
      inJvm.unlock();
      throw e;
    }
  }

  private static FileChannel acrossProcesses(Path lockFile) {
    FileChannel channel;
    try {
      Files.createDirectories(lockFile.getParent());
      channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException | UnsupportedOperationException e) {
      return null;
    }
    try {
      long deadline = System.nanoTime() + PATIENCE;
      do {
        if (channel.tryLock() != null) return channel;
        Thread.sleep(5);
      } while (System.nanoTime() - deadline < 0);
    } catch (IOException | OverlappingFileLockException e) {
      // no locks on this file system, or another name for the same file locked in this JVM
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closeQuietly(channel);
    return null;
  }

  @Override
  public void close() {
    try {
      if (channel != null) closeQuietly(channel); // closing releases the lock
    } finally {
      inJvm.unlock();
    }
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // the lock goes with the channel either way
    }
  }
}
