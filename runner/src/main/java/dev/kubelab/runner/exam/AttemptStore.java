package dev.kubelab.runner.exam;

import dev.kubelab.runner.progress.AtomicFiles;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.labs.exam.ExamReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Exam attempts under {@code ~/.kubelab/exams/}: one folder per attempt (attempt.json, and once
 * graded report.json and report.html), and a {@code running} file naming the attempt in progress.
 * Every write is atomic; a file that cannot be read is reported and left as it is.
 */
public final class AttemptStore {
  /**
   * The mapper for attempts and reports, made on first use (a holder class): 'hint' and 'solution'
   * look for a running attempt each time, and when there is none they never need it.
   */
  static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL);

    private Json() {}
  }

  private static final String RUNNING = "running";

  private final Path root;

  public AttemptStore(Path root) {
    this.root = root;
  }

  public Path root() {
    return root;
  }

  public Path folder(String attemptId) {
    return root.resolve(attemptId);
  }

  /** The attempt in progress (possibly past its deadline, not yet graded), if any. */
  public Optional<Attempt> running() {
    Path pointer = root.resolve(RUNNING);
    if (!Files.isRegularFile(pointer)) return Optional.empty();
    String id;
    try {
      id = Files.readString(pointer, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw KubelabException.environment("cannot read " + pointer + ": " + e.getMessage(), "check the file's permissions");
    }
    return read(id).filter(Attempt::running);
  }

  public Optional<Attempt> read(String attemptId) {
    if (!attemptId.matches("[A-Za-z0-9._-]+")) return Optional.empty();
    Path file = folder(attemptId).resolve("attempt.json");
    if (!Files.isRegularFile(file)) return Optional.empty();
    try {
      return Optional.of(Json.MAPPER.readValue(file.toFile(), Attempt.class));
    } catch (IOException e) {
      throw KubelabException.environment("cannot read the exam attempt " + file + ": " + firstLine(e.getMessage()),
          "kubelab leaves the file as it is; move it away to start afresh");
    }
  }

  /** The attempt, or a usage error naming the attempts there are. */
  public Attempt require(String attemptId) {
    return read(attemptId).orElseThrow(() -> KubelabException.usage("no exam attempt '" + attemptId + "'",
        "'exam history' lists your attempts"));
  }

  /** Every readable attempt, oldest first; unreadable ones are reported through {@code warnings} and skipped. */
  public List<Attempt> all(Consumer<String> warnings) {
    List<Attempt> out = new ArrayList<>();
    if (!Files.isDirectory(root)) return out;
    try (Stream<Path> dirs = Files.list(root)) {
      for (Path d : dirs.filter(Files::isDirectory).sorted().toList()) {
        try {
          read(d.getFileName().toString()).ifPresent(out::add);
        } catch (KubelabException e) {
          warnings.accept(e.getMessage());
        }
      }
    } catch (IOException e) {
      throw KubelabException.environment("cannot list " + root + ": " + e.getMessage(), "check the folder's permissions");
    }
    out.sort(Comparator.comparing((Attempt a) -> a.startedAt).thenComparing(a -> a.id));
    return out;
  }

  public void save(Attempt attempt) {
    write(folder(attempt.id).resolve("attempt.json"), bytes(attempt));
    Path pointer = root.resolve(RUNNING);
    if (attempt.running()) {
      write(pointer, attempt.id.getBytes(StandardCharsets.UTF_8));
    } else {
      try {
        if (Files.isRegularFile(pointer) && Files.readString(pointer, StandardCharsets.UTF_8).strip().equals(attempt.id)) {
          Files.delete(pointer);
        }
      } catch (IOException e) {
        throw KubelabException.environment("cannot update " + pointer + ": " + e.getMessage(), "check the folder's permissions");
      }
    }
  }

  public Optional<ExamReport> report(String attemptId) {
    Path file = folder(attemptId).resolve("report.json");
    if (!Files.isRegularFile(file)) return Optional.empty();
    try {
      return Optional.of(Json.MAPPER.readValue(file.toFile(), ExamReport.class));
    } catch (IOException e) {
      throw KubelabException.environment("cannot read the exam report " + file + ": " + firstLine(e.getMessage()),
          "kubelab leaves the file as it is");
    }
  }

  static byte[] bytes(Object value) {
    try {
      return Json.MAPPER.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  void write(Path file, byte[] bytes) {
    try {
      AtomicFiles.write(file, bytes);
    } catch (IOException e) {
      throw KubelabException.environment("cannot write " + file + ": " + e.getMessage(),
          "check that " + file.getParent() + " is writable and the disk is not full");
    }
  }

  private static String firstLine(String s) {
    return s == null ? "unknown reason" : s.lines().findFirst().orElse(s);
  }
}
