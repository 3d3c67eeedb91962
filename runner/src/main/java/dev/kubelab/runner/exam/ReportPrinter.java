package dev.kubelab.runner.exam;

import dev.kubelab.labs.exam.ExamReport;
import dev.kubelab.runner.App;
import dev.kubelab.runner.render.Ansi;
import java.io.PrintWriter;
import java.time.Duration;

/** The report in the terminal: the verdict, the domains, each task with every check; the solutions on request. */
public final class ReportPrinter {
  private ReportPrinter() {}

  public static void print(App app, AttemptStore store, ExamReport r, boolean solutions) {
    PrintWriter out = app.out();
    Ansi ansi = app.ansi();
    out.println(ansi.bold("Exam report · " + r.title()) + ansi.dim("  (attempt " + r.attempt() + ", seed " + r.seed() + ")"));
    String verdict = ExamReport.number(r.score()) + "% · " + (r.passed() ? "PASS" : "FAIL");
    out.println((r.passed() ? ansi.green(verdict) : ansi.red(verdict)) + " (pass mark " + r.passMark() + "%) · time used "
        + ExamSession.words(Duration.ofSeconds(r.timeUsedSeconds())) + " of " + r.minutes() + " min");
    if (!r.note().isEmpty()) out.println(app.markdown().render((ExamReport.LATE.equals(r.gradedBy()) ? "**Note:** " : "") + r.note()));
    out.println();
    out.println(ansi.bold("Domains"));
    // the columns start after the longest domain title, so long titles do not push their line out of step
    int width = r.domains().stream().mapToInt(d -> d.title().length()).max().orElse(0) + 2;
    for (ExamReport.DomainLine d : r.domains()) {
      String name = String.format("  %-" + width + "s", d.title());
      if (d.tasks() == 0) {
        out.println(name + ansi.dim("no tasks yet; weight " + d.weight() + " shared among the others"));
      } else {
        out.println(name + String.format("%6s%%  %s/%d pts  (%s%% of the score)", ExamReport.number(d.percent()),
            ExamReport.number(d.earned()), d.possible(), ExamReport.number(d.share())));
      }
    }
    for (ExamReport.TaskLine t : r.tasks()) {
      out.println();
      out.println(ansi.bold("Task " + t.number() + " · " + t.title()) + "  " + ExamReport.number(t.score()) + "/" + t.points()
          + " pts" + ansi.dim("  (" + t.domainTitle() + "; " + t.lab() + " › " + t.exercise() + ")") + (t.flagged() ? " ⚑" : ""));
      for (ExamReport.CheckLine c : t.checks()) {
        String mark = switch (c.status()) {
          case "passed" -> c.earned() ? ansi.green("✔") : ansi.yellow("✔");
          case "skipped" -> ansi.yellow("○");
          default -> ansi.red("✘");
        };
        out.println("  " + mark + " " + ansi.bold(c.id()) + "  " + c.detail());
        if (!c.status().equals("passed") && !c.explain().isEmpty()) out.println("      " + ansi.dim("why: ") + c.explain());
        if (!c.note().isEmpty()) out.println("      " + ansi.dim("no credit: ") + c.note());
      }
      if (solutions && !t.solution().isEmpty()) {
        out.println(ansi.dim("  Reference solution:"));
        out.println(app.markdown().render(t.solution()));
      }
    }
    out.println();
    if (!solutions) out.println(ansi.dim("'exam report " + r.attempt() + " --solutions' adds the reference solutions."));
    out.println("Report files: " + ReportFiles.json(store, r.attempt()) + ", " + ReportFiles.html(store, r.attempt()));
    out.flush();
  }
}
