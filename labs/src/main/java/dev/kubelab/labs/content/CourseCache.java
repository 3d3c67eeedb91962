package dev.kubelab.labs.content;

import dev.kubelab.labs.api.Course;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.net.URL;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * The packaged course as loaded once, kept in a file so that a one-shot command skips reading and
 * parsing every lab's YAML. The file starts with a key that identifies the course's files and the
 * engine's classes that read them (for the jar: its path, size and modification time), then a
 * CRC-32 of the records that follow. A file with another key, a wrong checksum, or anything else
 * amiss is ignored: the course is loaded as always and the file is written again, atomically.
 * Only the packaged course is kept; a course folder ({@code --content}) is always read afresh.
 */
public final class CourseCache {
  /** Bumped when the file's layout changes. */
  private static final int FORMAT = 1;
  /** What a cache file may hold: the course's records and the JDK's collections and values. */
  private static final ObjectInputFilter ALLOWED =
      ObjectInputFilter.Config.createFilter("maxdepth=64;java.lang.*;java.util.*;java.time.*;dev.kubelab.labs.api.*;!*");

  private final Path file;
  private final String key;

  /** A cache in {@code file} for the course whose files and engine hash to {@code key}. */
  public CourseCache(Path file, String key) {
    this.file = file;
    this.key = key;
  }

  /**
   * The cache for the packaged course, in {@code dir}; empty when its key cannot be worked out
   * (then the course is simply loaded each time).
   */
  public static Optional<CourseCache> forPackagedCourse(Path dir) {
    return packagedKey().map(k -> new CourseCache(dir.resolve("course.bin"), k));
  }

  public Path file() {
    return file;
  }

  /** The course from the file if it holds this key's course, otherwise from {@code load}, which is then kept. */
  public Course get(Supplier<Course> load) {
    Optional<Course> kept = read();
    if (kept.isPresent()) return kept.get();
    Course course = load.get();
    write(course);
    return course;
  }

  /** The kept course, or empty for a missing, stale or damaged file. */
  Optional<Course> read() {
    if (!Files.isRegularFile(file)) return Optional.empty();
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      DataInputStream data = new DataInputStream(raw);
      if (data.readInt() != FORMAT || !data.readUTF().equals(key)) return Optional.empty();
      long sum = data.readLong();
      byte[] body = data.readAllBytes();
      CRC32 crc = new CRC32();
      crc.update(body);
      if (crc.getValue() != sum) return Optional.empty(); // damaged: not one changed byte is trusted
      ObjectInputStream in = new ObjectInputStream(new java.io.ByteArrayInputStream(body));
      in.setObjectInputFilter(ALLOWED);
      return in.readObject() instanceof Course c ? Optional.of(c) : Optional.empty();
    } catch (IOException | ClassNotFoundException | RuntimeException e) {
      return Optional.empty(); // anything amiss: load the course instead, and write the file again
    }
  }

  /** Writes the file through a temporary one and a rename, so a reader never sees half of it; failing is harmless. */
  void write(Course course) {
    Path tmp = null;
    try {
      Files.createDirectories(file.getParent());
      tmp = Files.createTempFile(file.getParent(), "course", ".tmp");
      try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream(1 << 20);
        try (ObjectOutputStream out = new ObjectOutputStream(body)) {
          out.writeObject(course);
        }
        CRC32 crc = new CRC32();
        crc.update(body.toByteArray());
        DataOutputStream data = new DataOutputStream(raw);
        data.writeInt(FORMAT);
        data.writeUTF(key);
        data.writeLong(crc.getValue());
        body.writeTo(data);
        data.flush();
      }
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException | RuntimeException e) {
      // a read-only or full home only costs speed: the next command loads the course again
    } finally {
      try {
        if (tmp != null) Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // nothing left to do
      }
    }
  }

  /**
   * The key of the packaged course: its files and the engine's classes, identified by the jar
   * that holds them or, when they are plain folders (the build's tests), by their contents.
   */
  static Optional<String> packagedKey() {
    ClassLoader loader = CourseCache.class.getClassLoader();
    URL course = loader.getResource("kubelab/course/course.yaml");
    URL engine = loader.getResource("dev/kubelab/labs/content/CourseLoader.class");
    if (course == null || engine == null) return Optional.empty();
    try {
      StringBuilder key = new StringBuilder();
      identify(course, "kubelab/course/", key);
      identify(engine, "dev/kubelab/labs/", key);
      return Optional.of(key.toString());
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * Adds what identifies the files under {@code prefix} of the jar or folder that {@code member}
   * (a file in it) lies in. A jar: its path, size and modification time, which every build and
   * every other version changes (reading its directory of some 35,000 entries cost more than it
   * saved). A folder (the build's own tests): a CRC-32 over the name and content of every file.
   */
  private static void identify(URL member, String prefix, StringBuilder key) throws IOException {
    if (member.getProtocol().equals("jar")) {
      String url = member.toString();
      Path jar = Path.of(java.net.URI.create(url.substring("jar:".length(), url.indexOf("!/"))));
      key.append(jar.toAbsolutePath()).append(' ').append(Files.size(jar)).append(' ')
          .append(Files.getLastModifiedTime(jar).toMillis()).append('\n');
    } else if (member.getProtocol().equals("file")) {
      Path base = rootOf(Path.of(java.net.URI.create(member.toString())), prefix);
      CRC32 crc = new CRC32();
      long files = 0;
      try (Stream<Path> all = Files.walk(base)) {
        for (Path p : all.filter(Files::isRegularFile).sorted().toList()) {
          crc.update(base.relativize(p).toString().replace('\\', '/').getBytes(java.nio.charset.StandardCharsets.UTF_8));
          crc.update(Files.readAllBytes(p));
          files++;
        }
      }
      key.append(base).append(' ').append(files).append(' ').append(Long.toHexString(crc.getValue())).append('\n');
    } else {
      throw new IOException("cannot hash " + member);
    }
  }

  /** The folder {@code prefix} names, found by walking up from a file inside it. */
  private static Path rootOf(Path file, String prefix) {
    String[] parts = prefix.split("/");
    Path p = file.getParent();
    while (p != null && !p.endsWith(Path.of(parts[0], java.util.Arrays.copyOfRange(parts, 1, parts.length)))) p = p.getParent();
    if (p == null) throw new IllegalStateException(file + " is not under " + prefix);
    return p;
  }
}
