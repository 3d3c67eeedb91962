package dev.kubelab.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kubelab.labs.api.Course;
import dev.kubelab.labs.check.CheckKinds;
import dev.kubelab.labs.content.ContentSource;
import dev.kubelab.labs.content.CourseCache;
import dev.kubelab.labs.content.CourseLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kept course is the loaded course, record for record; a damaged, stale or foreign file is loaded over. */
class CourseCacheTest {
  static Course eager;

  @TempDir
  Path dir;

  final AtomicInteger loads = new AtomicInteger();

  @BeforeAll
  static void load() {
    eager = new CourseLoader(ContentSource.classpath(), CheckKinds.builtIn()).load(false);
  }

  Supplier<Course> loader() {
    return () -> {
      loads.incrementAndGet();
      return new CourseLoader(ContentSource.classpath(), CheckKinds.builtIn()).load(false);
    };
  }

  @Test
  void aKeptCourseEqualsTheLoadedOneInEveryLabExerciseAndCheck() {
    CourseCache cache = new CourseCache(dir.resolve("course.bin"), "key-1");
    assertEquals(eager, cache.get(loader()));
    assertEquals(1, loads.get());
    assertTrue(Files.isRegularFile(cache.file()));

    Course kept = new CourseCache(dir.resolve("course.bin"), "key-1").get(loader());
    assertEquals(1, loads.get(), "the second command reads the file instead of the YAML");
    assertEquals(eager, kept);
    // records compare field by field; spelled out too, so a failure names what differs
    assertEquals(eager.labs().size(), kept.labs().size());
    for (int i = 0; i < eager.labs().size(); i++) {
      var a = eager.labs().get(i);
      var b = kept.labs().get(i);
      assertEquals(a.exercises(), b.exercises(), a.id());
      assertEquals(a.requires(), b.requires(), a.id());
      for (int e = 0; e < a.exercises().size(); e++) assertEquals(a.exercises().get(e).checks(), b.exercises().get(e).checks());
    }
    assertEquals(eager.images(), kept.images());
    assertTrue(kept.labs().size() >= 43, "the whole course, not a part of it");
  }

  @Test
  void aDamagedFileIsIgnoredAndWrittenAgain() throws IOException {
    Path file = dir.resolve("course.bin");
    new CourseCache(file, "key-1").get(loader());
    byte[] whole = Files.readAllBytes(file);

    Files.write(file, Arrays.copyOf(whole, whole.length / 2)); // cut short
    assertEquals(eager, new CourseCache(file, "key-1").get(loader()));
    assertEquals(2, loads.get());
    assertEquals(whole.length, Files.size(file), "rewritten in full");

    Files.writeString(file, "not a course at all");
    assertEquals(eager, new CourseCache(file, "key-1").get(loader()));
    assertEquals(3, loads.get());

    byte[] flipped = whole.clone();
    flipped[flipped.length - 40] ^= 0x5a; // deep inside the records
    Files.write(file, flipped);
    assertEquals(eager, new CourseCache(file, "key-1").get(loader()), "a changed byte fails the checksum");
    assertEquals(4, loads.get());

    assertEquals(eager, new CourseCache(file, "key-1").get(() -> {
      throw new AssertionError("the rewritten file is read");
    }));
  }

  @Test
  void aFileOfAnotherBuildIsNotTrusted() {
    Path file = dir.resolve("course.bin");
    new CourseCache(file, "old-jar 1234 5678").get(loader());
    assertEquals(eager, new CourseCache(file, "new-jar 1234 9999").get(loader()));
    assertEquals(2, loads.get());
    new CourseCache(file, "new-jar 1234 9999").get(loader());
    assertEquals(2, loads.get(), "rewritten under the new key");
  }

  @Test
  void aHomeThatCannotBeWrittenOnlyCostsSpeed() throws IOException {
    Path notADir = dir.resolve("file");
    Files.writeString(notADir, "x");
    CourseCache cache = new CourseCache(notADir.resolve("course.bin"), "key-1");
    assertEquals(eager, cache.get(loader()));
    assertEquals(eager, cache.get(loader()));
    assertEquals(2, loads.get());
  }

  @Test
  void thePackagedCourseHasAKeyThatFollowsItsFiles() {
    var a = CourseCache.forPackagedCourse(dir);
    var b = CourseCache.forPackagedCourse(dir);
    assertTrue(a.isPresent(), "the course and engine on the test classpath can be identified");
    assertEquals(dir.resolve("course.bin"), a.get().file());
    assertEquals(eager, a.get().get(loader()));
    assertEquals(eager, b.get().get(() -> {
      throw new AssertionError("same files, same key: the kept course is read");
    }));
  }
}
