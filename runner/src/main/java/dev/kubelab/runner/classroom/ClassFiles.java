package dev.kubelab.runner.classroom;

import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.runner.progress.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a class's files live on the instructor's machine: {@code <dir>/kubeconfigs/<student>.yaml},
 * {@code <dir>/self-reported/<student>.json} and the gradebooks. The default folder is
 * {@code <kubelab home>/classes/<class>}.
 */
public record ClassFiles(Path dir) {

  public static ClassFiles of(Path home, String className, Path out) {
    return new ClassFiles((out != null ? out : home.resolve("classes").resolve(className)).toAbsolutePath());
  }

  public Path kubeconfigs() {
    return dir.resolve("kubeconfigs");
  }

  public Path selfReported() {
    return dir.resolve("self-reported");
  }

  /** The gradebook's files for a lab or chapter: gradebook-<scope>.{csv,json,html}. */
  public Path gradebook(String scope, String extension) {
    return dir.resolve("gradebook-" + scope.replaceAll("[^A-Za-z0-9._-]", "-") + "." + extension);
  }

  /** Writes a text file atomically (see {@link AtomicFiles}). */
  public static void write(Path file, String text) {
    try {
      AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw KubelabException.environment("cannot write " + file + ": " + e.getMessage(), "is the folder writable and the disk not full?");
    }
  }
}
