package dev.kubelab.runner.progress;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.kubelab.labs.api.KubelabException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.function.Consumer;

/**
 * The learner's progress in one JSON file. Writes are atomic (temp file in the same folder,
 * fsync, rename), so a crash never leaves half a file; a file that cannot be read is kept aside
 * under a new name and reported, never silently replaced. {@link ProgressFormat} reads and writes
 * the JSON.
 */
public final class ProgressStore {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final Path file;
  private final Clock clock;
  private final Consumer<String> warnings;
  private Progress data;
  /** How the file looked when it was last read or written here. */
  private Stamp stamp = Stamp.NONE;

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
    if (!Files.exists(file)) return new Progress();
    try {
      Progress p = ProgressFormat.read(file.toFile());
      return p != null ? p : keepAside("it holds no progress");
    } catch (JsonProcessingException e) {
      return keepAside(e.getOriginalMessage());
    } catch (IOException e) {
      throw KubelabException.environment("cannot read " + file + ": " + e.getMessage(), "check the file's permissions");
    }
  }

  private Progress keepAside(String why) {
    Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + STAMP.format(clock.instant()));
    try {
      Files.move(file, aside);
      stamp = Stamp.NONE;
    } catch (IOException e) {
      throw KubelabException.environment(file + " cannot be read (" + why + ") and could not be moved aside: " + e.getMessage(),
          "move it away yourself; kubelab will not overwrite it");
    }
    warnings.accept(file + " could not be read (" + firstLine(why) + "); it is kept as " + aside
        + " and kubelab starts with empty progress");
    return new Progress();
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

  /** Writes the progress atomically. */
  public void save() {
    try {
      AtomicFiles.write(file, ProgressFormat.write(data()));
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
