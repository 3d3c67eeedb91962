package dev.kubelab.runner.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.kubelab.labs.api.Chapter;
import dev.kubelab.labs.api.Course;
import dev.kubelab.labs.api.Exercise;
import dev.kubelab.labs.api.Lab;
import dev.kubelab.runner.App;
import dev.kubelab.runner.Main;
import dev.kubelab.runner.progress.LabRecord;
import dev.kubelab.runner.progress.Progress;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * Chapters and labs with the learner's progress. Reads files only and never opens a cluster; labs
 * the cluster cannot run are marked with the reason: asked when one is open already (the shell),
 * otherwise as remembered from an earlier run, saying so.
 */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the chapters and labs, with your progress.")
public final class ListLabs implements Callable<Integer> {
  @ParentCommand
  private Main main;

  @Option(names = "--json", description = "print JSON, for scripts")
  private boolean json;

  @Override
  public Integer call() throws Exception {
    App app = main.app();
    Course course = app.course();
    Progress progress = app.progress().data();
    java.util.Optional<String> namespaced = app.namespacedModeOffline();
    CannotRun marks = namespaced.isPresent() ? CannotRun.NONE : CannotRun.of(app, course);
    Map<String, List<String>> cannot = marks.labs();
    if (json) {
      Map<String, Object> root = asJson(course, progress, namespaced);
      root.put("cannotRunHere", cannot);
      if (marks.source() != null) root.put("cannotRunHereFrom", marks.source());
      app.out().println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root));
      return 0;
    }
    PrintWriter out = app.out();
    out.println(app.ansi().bold(course.title()));
    namespaced.ifPresent(ns -> out.println(app.ansi().dim("Namespaced mode: labs run in your namespace " + ns
        + "; labs that need more are marked unavailable.")));
    int idWidth = course.labs().stream().mapToInt(l -> l.id().length()).max().orElse(10);
    for (Chapter chapter : course.chapters()) {
      out.println();
      out.println(app.ansi().bold((chapter.book() > 0 ? "Chapter " + chapter.book() + " · " : "") + chapter.title())
          + app.ansi().dim("  (" + chapter.id() + ")"));
      for (Lab lab : chapter.labs()) {
        LabRecord rec = progress.labOrEmpty(lab.id());
        long passed = lab.exercises().stream().filter(e -> rec.exerciseOrEmpty(e.id()).passed).count();
        boolean current = lab.id().equals(progress.currentLab);
        String mark = passed == lab.exercises().size() ? app.ansi().green("✔") : current ? app.ansi().cyan("▸") : " ";
        out.printf("  %s %-" + idWidth + "s  %s%s%n", mark, lab.id(), lab.title(), app.ansi().dim("  " + passed + "/"
            + lab.exercises().size() + " exercises · " + TaskView.score(rec.score(), lab.points()) + (current ? " · current" : "")));
        List<String> refused = cannot.getOrDefault(lab.id(), List.of());
        if (!refused.isEmpty()) out.println("      " + app.ansi().yellow("cannot run on this cluster: ") + app.ansi().dim(refused.get(0)));
        if (namespaced.isPresent()) {
          dev.kubelab.labs.classroom.Namespaced.unavailable(lab).ifPresent(why ->
              out.println("      " + app.ansi().yellow("unavailable here: ") + app.ansi().dim("it " + why)));
        }
      }
    }
    out.println();
    if (marks.source() != null) out.println(app.ansi().dim("Marks \"cannot run on this cluster\": " + marks.source() + "."));
    out.println(app.ansi().dim("'start <lab>' starts a lab; 'progress' shows every exercise."));
    return 0;
  }

  private static Map<String, Object> asJson(Course course, Progress progress, java.util.Optional<String> namespaced) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("title", course.title());
    root.put("current", progress.currentLab == null ? null : Map.of("lab", progress.currentLab,
        "exercise", progress.currentExercise == null ? "" : progress.currentExercise));
    List<Object> chapters = new ArrayList<>();
    for (Chapter chapter : course.chapters()) {
      List<Object> labs = new ArrayList<>();
      for (Lab lab : chapter.labs()) {
        LabRecord rec = progress.labOrEmpty(lab.id());
        List<Object> exercises = new ArrayList<>();
        for (Exercise e : lab.exercises()) {
          Map<String, Object> x = new LinkedHashMap<>();
          x.put("id", e.id());
          x.put("title", e.title());
          x.put("points", e.points());
          x.put("passed", rec.exerciseOrEmpty(e.id()).passed);
          x.put("score", rec.exerciseOrEmpty(e.id()).bestScore);
          exercises.add(x);
        }
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("id", lab.id());
        l.put("title", lab.title());
        l.put("vmware", lab.vmware());
        l.put("points", lab.points());
        l.put("score", rec.score());
        l.put("exercises", exercises);
        if (namespaced.isPresent()) l.put("unavailable", dev.kubelab.labs.classroom.Namespaced.unavailable(lab).orElse(null));
        labs.add(l);
      }
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("id", chapter.id());
      c.put("title", chapter.title());
      c.put("book", chapter.book());
      c.put("vmware", chapter.vmware());
      c.put("labs", labs);
      chapters.add(c);
    }
    root.put("chapters", chapters);
    return root;
  }
}
