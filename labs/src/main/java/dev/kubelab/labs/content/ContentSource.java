package dev.kubelab.labs.content;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Where the course's files come from: a folder (instructors) or the classpath (the packaged course). */
public interface ContentSource {

  /** The text of a file, by a path relative to the content root, or empty if there is none. */
  Optional<String> read(String path);

  /** Human-readable location of the root, for messages. */
  String describe();

  /** The packaged course. */
  static ContentSource classpath() {
    return new Classpath("kubelab/course/", ContentSource.class.getClassLoader());
  }

  static ContentSource directory(Path root) {
    return new Directory(root);
  }

  record Directory(Path root) implements ContentSource {
    @Override
    public Optional<String> read(String path) {
      Path p = root.resolve(path).normalize();
      if (!p.startsWith(root.normalize()) || !Files.isRegularFile(p)) return Optional.empty();
      try {
        return Optional.of(Files.readString(p, StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public String describe() {
      return root.toString();
    }
  }

  record Classpath(String prefix, ClassLoader loader) implements ContentSource {
    @Override
    public Optional<String> read(String path) {
      if (path.contains("..")) return Optional.empty();
      try (InputStream in = loader.getResourceAsStream(prefix + path)) {
        return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public String describe() {
      return "the built-in course";
    }
  }
}
