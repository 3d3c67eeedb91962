package dev.kubelab.runner.command;

import dev.kubelab.runner.App;
import dev.kubelab.runner.Main;
import dev.kubelab.runner.exam.ExamSession;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** A timed, weighted exam: its subcommands are classes of their own, listed once here. */
@Command(name = "exam", mixinStandardHelpOptions = true,
    description = {"A timed, CKA-style exam: tasks drawn from the course, no feedback until the end, a scored report.",
        "Without a subcommand: the running exam's status, or the list of exams."},
    subcommands = {ExamList.class, ExamStart.class, ExamTask.class, ExamStatus.class, ExamFlag.class, ExamAnswer.class,
        ExamSubmit.class, ExamResume.class, ExamResults.class, ExamHistory.class, ExamClean.class})
public final class Exam implements Callable<Integer>, Completes {
  @ParentCommand
  private Main main;

  @Spec
  private CommandSpec spec;

  App app() {
    return main.app();
  }

  ExamSession session() {
    return new ExamSession(main.app());
  }

  /** Progress lines of long steps (setup, cleanup), dimmed. */
  void progress(String line) {
    app().out().println(app().ansi().dim("  " + line));
    app().out().flush();
  }

  @Override
  public Integer call() {
    ExamSession s = session();
    if (s.running().isPresent()) return ExamStatus.print(this, s);
    return ExamList.print(this, s);
  }

  @Override
  public List<String> candidates(App app, List<String> typed) {
    if (typed.isEmpty()) return new ArrayList<>(spec.subcommands().keySet());
    if (typed.size() == 1 && typed.get(0).equals("start")) return new ExamSession(app).catalog().names();
    return List.of();
  }
}
