package dev.kubelab.runner.command;

import dev.kubelab.labs.api.Course;
import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.labs.api.Lab;
import dev.kubelab.labs.exam.ExamLoader;
import dev.kubelab.labs.glossary.GlossaryLoader;
import java.util.stream.Collectors;
import dev.kubelab.runner.App;
import dev.kubelab.runner.Main;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import dev.kubelab.labs.content.AccuracyReport;
import java.util.List;
import picocli.CommandLine.ParentCommand;

/** Loads and validates the course (every file, field and template), listing every problem at once. */
@Command(name = "validate", mixinStandardHelpOptions = true,
    description = {"Check the course files: structure, ids, checks, and every template rendered strictly.",
        "Use with --content DIR while writing labs. Needs no cluster; exit code 2 when there are problems."})
public final class Validate implements Callable<Integer> {
  @ParentCommand
  private Main main;

  @Override
  public Integer call() {
    App app = main.app();
    app.reloadCourse();
    Course course;
    int terms;
    int exams;
    try {
      course = app.course(true);
      boolean hasGlossary = app.contentSource().read(GlossaryLoader.FILE).isPresent();
      terms = hasGlossary ? GlossaryLoader.load(app.contentSource(),
          course.labs().stream().map(Lab::id).collect(Collectors.toSet())).entries().size() : 0;
      boolean hasExams = app.contentSource().read(ExamLoader.INDEX).isPresent();
      exams = hasExams ? new ExamLoader(app.contentSource(), course).load().exams().size() : 0;
    } catch (KubelabException e) {
      if (e.exitCode() != KubelabException.USAGE) throw e;
      app.out().println(app.ansi().red("✘ ") + e.getMessage());
      if (e.hint() != null) app.out().println(app.ansi().yellow("hint: ") + e.hint());
      return KubelabException.USAGE;
    }
    long exercises = course.labs().stream().mapToLong(l -> l.exercises().size()).sum();
    long checks = course.labs().stream().flatMap(l -> l.exercises().stream()).mapToLong(e -> e.checks().size()).sum();
    String where = app.settings().content() == null ? "the built-in course" : "the course in " + app.contentSource().describe();
    app.out().println(app.ansi().green("✔ ") + where + " is valid: " + count(course.chapters().size(), "chapter") + ", "
        + count(course.labs().size(), "lab") + ", " + count(exercises, "exercise") + ", " + count(checks, "check") + ", "
        + count(course.labs().stream().mapToInt(Lab::points).sum(), "point")
        + (terms > 0 ? ", a glossary of " + count(terms, "term") : " (no glossary.yaml: 'explain' and 'map' have nothing to show)")
        + (exams > 0 ? ", " + count(exams, "exam") : ""));
    // how well the course proves its grading: known-wrong cases per chapter
    AccuracyReport report = AccuracyReport.of(course);
    app.out().println();
    app.out().println(app.markdown().render(report.markdown(), "", ""));
    if (!report.withoutWrongCases().isEmpty()) {
      List<String> missing = report.withoutWrongCases();
      app.out().println(app.ansi().yellow("note: ") + count(missing.size(), "exercise") + " read the cluster but have no known-wrong"
          + " case (content/README.md, 'wrong:'): " + String.join(", ", missing.subList(0, Math.min(8, missing.size())))
          + (missing.size() > 8 ? ", and " + (missing.size() - 8) + " more" : ""));
    }
    return 0;
  }

  private static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
