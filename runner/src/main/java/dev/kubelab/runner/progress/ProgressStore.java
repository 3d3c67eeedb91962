package dev.kubelab.runner.progress;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.kubelab.labs.api.KubelabException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The learner's progress in one JSON file. Writes are atomic (temp file in the same folder,
 * fsync, rename), so a crash never leaves half a file; a file that cannot be read is kept aside
 * under a new name and reported, never silently replaced. {@link ProgressFormat} reads and writes
 * the JSON.
 *
 * <p>Two kubelabs may save at nearly the same time (a shell and a one-shot command in another
 * terminal): a save takes a {@link SaveLock} and, if the file changed since this store read it,
 * merges what this store changed onto it ({@link ProgressMerge}) rather than overwrite it.
 */
public final class ProgressStore {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final Path file;
  private final Clock clock;
  private final Consumer<String> warnings;
  private Progress data;
  /** How the file looked when it was last read or written here. */
  private Stamp stamp = Stamp.NONE;
  /** The file's bytes when it was last read or written here, null if there was none: the base of a merge. */
  private byte[] base;

  public ProgressStore(Path file, Clock clock, Consumer<String> warnings) {
    this.file = file;
    this.clock = clock;
    this.warnings = warnings;
  }

  public Path file() {
    return file;
  }

  /** The progress, read from the file the first time. */
  public Progress data() {
    if (data == null) data = read();
    return data;
  }

  private Progress read() {
    stamp = Stamp.of(file);
    base = null;
    byte[] bytes;
    try {
      bytes = bytesOnDisk();
    } catch (IOException e) {
      throw KubelabException.environment("cannot read " + file + ": " + e.getMessage(), "check the file's permissions");
    }
    Progress p = parse(bytes, "kubelab starts with empty progress");
    if (p == null) return new Progress();
    base = bytes;
    return p;
  }

  /** The file's bytes, or null if there is no file (or no folder to hold it). */
  private byte[] bytesOnDisk() throws IOException {
    if (!Files.exists(file)) return null;
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /** The progress in these bytes, or null if there are none or they were damaged and are now kept aside. */
  private Progress parse(byte[] bytes, String then) {
    if (bytes == null) return null;
    try {
      Progress p = ProgressFormat.read(bytes);
      if (p == null) keepAside("it holds no progress", then);
      return p;
    } catch (JsonProcessingException e) {
      keepAside(e.getOriginalMessage(), then);
    } catch (IOException e) {
      keepAside(e.getMessage(), then);
    }
    return null;
  }

  private void keepAside(String why, String then) {
    Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + STAMP.format(clock.instant()));
    try {
      Files.move(file, aside);
      stamp = Stamp.NONE;
    } catch (IOException e) {
      throw KubelabException.environment(file + " cannot be read (" + why + ") and could not be moved aside: " + e.getMessage(),
          "move it away yourself; kubelab will not overwrite it");
    }
    warnings.accept(file + " could not be read (" + firstLine(why) + "); it is kept as " + aside + " and " + then);
  }

  /**
   * Forgets what was read, so the next {@link #data()} reads the file again: another kubelab
   * (a one-shot command in a second terminal) may have written it since.
   */
  public void reload() {
    data = null;
  }

  /**
   * Whether another kubelab wrote the file since it was read or written here: a cheap look at its
   * modification time, size and identity (each atomic write makes a new file), not a read.
   */
  public boolean changedOnDisk() {
    return data != null && !Stamp.of(file).equals(stamp);
  }

  /** Forgets what was read if the file changed since; true if it did. */
  public boolean reloadIfChanged() {
    boolean changed = changedOnDisk();
    if (changed) reload();
    return changed;
  }

  /**
   * Writes the progress atomically. If another kubelab saved since this store read the file, what
   * this store changed is merged onto what that one saved, into the objects {@link #data()} gave
   * out, so neither loses an update and records taken before stay the ones that are saved.
   */
  public void save() {
    Progress ours = data();
    try (SaveLock lock = SaveLock.on(file)) {
      byte[] now = bytesOnDisk();
      // a file that is gone (moved aside, deleted by hand) has nothing to merge: ours is written, as always
      if (now != null && !Arrays.equals(now, base)) {
        Progress theirs = parse(now, "kubelab saves the progress it holds");
        if (theirs != null) ProgressMerge.into(ours, base != null ? ProgressFormat.read(base) : new Progress(), theirs);
      }
      byte[] bytes = ProgressFormat.write(ours);
      AtomicFiles.write(file, bytes);
      base = bytes;
      stamp = Stamp.of(file);
    } catch (IOException e) {
      throw KubelabException.environment("cannot save progress to " + file + ": " + e.getMessage(),
          "check that " + file.toAbsolutePath().getParent() + " is writable and the disk is not full");
    }
  }

  private static String firstLine(String s) {
    return s == null ? "unknown reason" : s.lines().findFirst().orElse(s);
  }

  private record Stamp(java.nio.file.attribute.FileTime modified, long size, Object key) {
    static final Stamp NONE = new Stamp(null, -1, null);

    static Stamp of(Path file) {
      try {
        var a = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class);
        return new Stamp(a.lastModifiedTime(), a.size(), a.fileKey());
      } catch (IOException e) {
        return NONE;
      }
    }
  }
}
