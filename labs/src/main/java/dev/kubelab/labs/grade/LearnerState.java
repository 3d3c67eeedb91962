package dev.kubelab.labs.grade;

import java.util.Map;
import java.util.Optional;

/** What the grader needs to know about the learner: their answers and the UIDs recorded at setup. */
public interface LearnerState {
  Optional<String> answer(String exerciseId, String checkId);

  Map<String, String> setupUids();

  /** A state with nothing recorded. */
  static LearnerState of(Map<String, String> answersByExerciseSlashCheck, Map<String, String> uids) {
    return new LearnerState() {
      @Override
      public Optional<String> answer(String exerciseId, String checkId) {
        return Optional.ofNullable(answersByExerciseSlashCheck.get(exerciseId + "/" + checkId));
      }

      @Override
      public Map<String, String> setupUids() {
        return uids;
      }
    };
  }
}
