package dev.kubelab.runner.command;

import dev.kubelab.labs.api.Course;
import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.labs.api.Lab;
import dev.kubelab.labs.glossary.Glossary;
import dev.kubelab.labs.glossary.GlossaryEntry;
import dev.kubelab.labs.glossary.GlossaryLoader;
import dev.kubelab.labs.glossary.Lookup;
import dev.kubelab.runner.App;
import dev.kubelab.runner.Main;
import dev.kubelab.runner.render.Markdown;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

/** A VMware or Kubernetes term, answered from the course's glossary; reads files only, never the cluster. */
@Command(name = "explain", mixinStandardHelpOptions = true,
    description = {"Translate a VMware term to Kubernetes, or back.",
        "Shows the counterpart, where the analogy breaks, the kubectl that shows it on your cluster,",
        "and the labs that practise it. E.g. 'explain DRS', 'explain storage policy',",
        "'explain NetworkPolicy'. 'map' shows the whole table."})
public final class Explain implements Callable<Integer>, Completes {
  @ParentCommand
  private Main main;

  @Parameters(arity = "1..*", paramLabel = "TERM", description = "a VMware or Kubernetes term; several words are one term")
  private List<String> words;

  @Override
  public Integer call() {
    App app = main.app();
    String term = String.join(" ", words).strip();
    Lookup found = glossary(app).lookup(term);
    if (!found.found()) {
      throw KubelabException.usage("no glossary entry for '" + term + "'", found.suggestions().isEmpty()
          ? "'map' lists every term in the glossary"
          : "did you mean " + found.suggestions().stream().map(s -> "'" + s + "'").collect(Collectors.joining(", ")) + "?");
    }
    PrintWriter out = app.out();
    if (!found.exact()) out.println(app.ansi().dim("(nearest entry for '" + term + "')"));
    if (found.entries().size() > 1) {
      out.println(app.ansi().dim("'" + term + "' is the counterpart in " + found.entries().size() + " entries:"));
    }
    Course course = app.course();
    for (int i = 0; i < found.entries().size(); i++) {
      if (i > 0) out.println();
      print(app, course, found.entries().get(i));
    }
    return 0;
  }

  private static void print(App app, Course course, GlossaryEntry e) {
    PrintWriter out = app.out();
    Markdown md = app.markdown();
    out.println(app.ansi().bold(e.vmware()) + "  →  " + app.ansi().bold(e.kubernetes()) + app.ansi().dim("   (" + e.layer().id() + ")"));
    if (!e.aliases().isEmpty()) out.println(app.ansi().dim("also: " + String.join(", ", e.aliases())));
    out.println();
    out.println(md.render(e.means(), "  "));
    out.println();
    out.println(app.ansi().yellow("Where the analogy breaks:"));
    out.println(md.render(e.breaks(), "  "));
    if (!e.kubectl().isEmpty()) {
      out.println();
      out.println(app.ansi().bold("See it on your cluster:"));
      e.kubectl().forEach(k -> out.println("  " + app.ansi().cyan(k)));
    }
    if (!e.labs().isEmpty()) {
      out.println();
      out.println(app.ansi().bold("Practise it:"));
      for (String id : e.labs().subList(0, Math.min(SHOWN, e.labs().size()))) {
        String title = course.lab(id).map(Lab::title).orElse("");
        out.println("  " + id + (title.isEmpty() ? "" : app.ansi().dim("  " + title)));
      }
      if (e.labs().size() > SHOWN) out.println(app.ansi().dim("  and " + (e.labs().size() - SHOWN) + " more labs that mention it"));
    }
  }

  /** How many labs 'Practise it' lists: the ones the entry names come first. */
  private static final int SHOWN = 6;

  /** The course's glossary, validated against the course's labs and linked to the labs that teach each term. */
  static Glossary glossary(App app) {
    Course course = app.course();
    return GlossaryLoader.load(app.contentSource(), course.labs().stream().map(Lab::id).collect(Collectors.toSet())).linkedTo(course);
  }

  @Override
  public List<String> candidates(App app, List<String> typed) {
    return typed.isEmpty() ? glossary(app).terms() : List.of();
  }
}
