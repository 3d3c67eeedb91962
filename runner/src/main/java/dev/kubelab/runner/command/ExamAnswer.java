package dev.kubelab.runner.command;

import dev.kubelab.labs.api.CheckSpec;
import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.runner.exam.AttemptTask;
import dev.kubelab.runner.exam.ExamSession;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Records the answer to a question of a task; graded at the end, like everything else. */
@Command(name = "answer", mixinStandardHelpOptions = true,
    description = {"Answer a question of a task (graded at the end).", "For a multiple choice, give option numbers, e.g. 'exam answer 3 q1 2,3'."})
public final class ExamAnswer implements Callable<Integer> {
  @ParentCommand
  private Exam exam;

  @Parameters(index = "0", paramLabel = "N", description = "the task's number")
  private int number;

  @Parameters(index = "1", paramLabel = "CHECK-ID", description = "the question's id ('exam task N' shows them)")
  private String checkId;

  @Parameters(index = "2..*", arity = "1..*", paramLabel = "VALUE", description = "your answer")
  private List<String> value;

  @Override
  public Integer call() {
    return record(exam.session(), number, checkId, value);
  }

  /** Records an answer to a question of task {@code number}; also what 'answer' does during an exam. */
  static int record(ExamSession session, int number, String checkId, List<String> value) {
    session.update(a -> {
      AttemptTask t = session.task(a, number);
      List<CheckSpec> questions = Questions.of(session.exercise(t));
      if (questions.stream().noneMatch(q -> q.id().equals(checkId))) {
        throw Questions.unknown(checkId, questions, "exam answer " + number, "task " + number);
      }
      t.answers.put(checkId, String.join(" ", value).strip());
    });
    session.app().out().println("Answer recorded for task " + number + " (" + checkId + "); graded at the end. Answering again replaces it.");
    return 0;
  }
}
