package dev.kubelab.content;

import dev.kubelab.labs.api.Course;
import dev.kubelab.labs.check.CheckKinds;
import dev.kubelab.labs.content.ContentSource;
import dev.kubelab.labs.content.CourseCache;
import dev.kubelab.labs.content.CourseLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How long getting the course takes in one process: parsing the YAML as a one-shot command does
 * (structure only), as 'validate' does (every template and check), and reading the kept course.
 * The first call of each is the cold one a one-shot command pays (its classes are loaded by then
 * only partly, so read it as an upper bound for what comes after the first row); the median is
 * the warm cost. A report, not a timed test: {@code ./mvnw -pl content -am test -Pbenchmark},
 * then read content/target/benchmark-course-load.txt.
 */
@Tag("benchmark")
class CourseLoadBenchmark {
  static final int RUNS = 20;

  @TempDir
  Path dir;

  @Test
  void courseLoading() throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add(String.format("%-44s %8s %8s %8s", "getting the course", "first", "median", "max"));
    CourseCache cache = new CourseCache(dir.resolve("course.bin"), "benchmark");
    lines.add(row("cache miss: parse, check structure, write", time(() -> {
      try {
        Files.deleteIfExists(cache.file());
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      return cache.get(() -> new CourseLoader(ContentSource.classpath(), CheckKinds.builtIn()).load(false));
    })));
    lines.add(row("CourseLoader.load(false) (one-shot, no cache)",
        time(() -> new CourseLoader(ContentSource.classpath(), CheckKinds.builtIn()).load(false))));
    lines.add(row("cache hit: read the kept course", time(() -> cache.get(() -> {
      throw new IllegalStateException("the benchmark expects a hit");
    }))));
    lines.add(row("CourseLoader.load() (validate: everything)",
        time(() -> new CourseLoader(ContentSource.classpath(), CheckKinds.builtIn()).load())));
    lines.add("kept course: " + Files.size(cache.file()) / 1024 + " KiB");
    Path out = Path.of("target", "benchmark-course-load.txt");
    Files.createDirectories(out.getParent());
    Files.write(out, lines);
    lines.forEach(System.out::println);
  }

  static List<Long> time(Supplier<Course> work) {
    List<Long> ms = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      long start = System.nanoTime();
      if (work.get().labs().isEmpty()) throw new AssertionError("no labs");
      ms.add((System.nanoTime() - start) / 1_000_000);
    }
    return ms;
  }

  static String row(String what, List<Long> ms) {
    List<Long> sorted = ms.stream().sorted().toList();
    return String.format("%-44s %5d ms %5d ms %5d ms", what, ms.get(0), sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1));
  }
}
