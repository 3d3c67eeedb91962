package dev.kubelab.runner.exam;

import dev.kubelab.labs.exam.ExamReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** The report of an attempt as files in its folder: report.json (machine-readable) and report.html (one self-contained page). */
public final class ReportFiles {
  private ReportFiles() {}

  public static Path json(AttemptStore store, String attemptId) {
    return store.folder(attemptId).resolve("report.json");
  }

  public static Path html(AttemptStore store, String attemptId) {
    return store.folder(attemptId).resolve("report.html");
  }

  /** Renders both first, so a template error writes neither. */
  static void write(AttemptStore store, ExamReport report) {
    byte[] json = AttemptStore.bytes(report);
    byte[] html = ReportHtml.render(report).getBytes(StandardCharsets.UTF_8);
    store.write(json(store, report.attempt()), json);
    store.write(html(store, report.attempt()), html);
  }
}
