package dev.kubelab.runner.command;

import dev.kubelab.labs.api.CheckSpec;
import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.runner.App;
import dev.kubelab.runner.Main;
import dev.kubelab.runner.exam.AttemptTask;
import dev.kubelab.runner.exam.ExamSession;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

/** Stores the learner's answer to a question of the current exercise, then grades the exercise. */
@Command(name = "answer", mixinStandardHelpOptions = true,
    description = {"Answer a question of the current exercise, then check it.", "For a multiple choice, give option numbers, e.g. 'answer q1 2,3'.",
        "During an exam: answers the current exam task's question (the task 'exam task' showed last)."})
public final class Answer implements Callable<Integer>, Completes {
  @ParentCommand
  private Main main;

  @Parameters(index = "0", paramLabel = "CHECK-ID", description = "the question's id ('task' shows them)")
  private String checkId;

  @Parameters(index = "1..*", arity = "1..*", paramLabel = "VALUE", description = "your answer")
  private List<String> value;

  @Override
  public Integer call() {
    App app = main.app();
    Optional<AttemptTask> task = new ExamSession(app).currentTask();
    if (task.isPresent()) return ExamAnswer.record(new ExamSession(app), task.get().number, checkId, value);
    Current c = Current.require(app);
    Optional<CheckSpec> question = c.exercise().check(checkId).filter(Questions::asks);
    if (question.isEmpty()) throw Questions.unknown(checkId, Questions.of(c.exercise()), "answer", "this exercise");
    c.exerciseRecord().answers.put(checkId, String.join(" ", value).strip());
    app.progress().save();
    // namespaced mode (a class): the instructor grades the namespace, so the answers go there too
    if (app.namespacedMode().isPresent()) app.engine().recordAnswers(c.lab(), c.placement(), c.record().answers());
    return Grading.checkAndReport(app, c, checkId);
  }

  private static List<String> questions(Current c) {
    return Questions.of(c.exercise()).stream().map(CheckSpec::id).toList();
  }

  @Override
  public List<String> candidates(App app, List<String> typed) {
    if (!typed.isEmpty()) return List.of();
    ExamSession session = new ExamSession(app);
    Optional<AttemptTask> task = session.currentTask();
    if (task.isPresent()) return session.exercise(task.get()).checks().stream().filter(Questions::asks).map(CheckSpec::id).toList();
    return Current.find(app).map(Answer::questions).orElse(List.of());
  }
}
