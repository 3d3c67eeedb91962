package dev.kubelab.runner.command;

import dev.kubelab.labs.api.Exercise;
import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.labs.api.Lab;
import dev.kubelab.labs.api.Placement;
import dev.kubelab.labs.content.Model;
import dev.kubelab.labs.grade.LearnerState;
import dev.kubelab.runner.App;
import dev.kubelab.runner.progress.ExerciseRecord;
import dev.kubelab.runner.progress.LabRecord;
import dev.kubelab.runner.progress.Progress;
import java.util.Map;
import java.util.Optional;

/** The lab and exercise the learner is on, as the progress store remembers them across runs. */
public record Current(Lab lab, Exercise exercise, Placement placement, LabRecord record) {

  public static Optional<Current> find(App app) {
    Progress p = app.progress().data();
    if (p.currentLab == null) return Optional.empty();
    Optional<Lab> lab = app.course().lab(p.currentLab);
    if (lab.isEmpty()) return Optional.empty();
    Lab l = lab.get();
    Exercise ex = p.currentExercise == null ? null : l.exercise(p.currentExercise).orElse(null);
    return Optional.of(new Current(l, ex == null ? l.exercises().get(0) : ex, app.placement(l), p.lab(l.id())));
  }

  /** The current exercise, or a usage error saying how to start a lab. */
  public static Current require(App app) {
    return find(app).orElseThrow(() -> {
      String id = app.progress().data().currentLab;
      return id == null
          ? KubelabException.usage("no lab started yet", "'list' shows the labs, 'start <lab>' starts one")
          : KubelabException.usage("the lab you were on, '" + id + "', is not in this course", "'list' shows the labs of this course");
    });
  }

  public int index() {
    return lab.index(exercise.id());
  }

  /** "2/3": the exercise's place in the lab. */
  public String position() {
    return (index() + 1) + "/" + lab.exercises().size();
  }

  public ExerciseRecord exerciseRecord() {
    return record.exercise(exercise.id());
  }

  public LearnerState learner() {
    return LearnerState.of(record.answers(), record.setupUids);
  }

  /** The template model without asking the cluster: node names are those recorded at start. */
  public Map<String, Object> model(App app) {
    if (app.clusterOpen()) return app.engine().model(lab, placement);
    return Model.offline(lab, placement, app.course().images(), record.nodes.isEmpty() ? Model.SAMPLE_NODES : record.nodes,
        record.addons);
  }

  /** A check value or hint as the learner reads it; text that is not a valid template is shown as it is. */
  public String render(App app, String text) {
    if (text == null) return null;
    try {
      return app.templates().renderString(text, model(app));
    } catch (RuntimeException e) {
      return text;
    }
  }

  /** Moves the learner to this exercise and saves. */
  public static void moveTo(App app, Lab lab, Exercise exercise) {
    Progress p = app.progress().data();
    p.currentLab = lab.id();
    p.currentExercise = exercise.id();
    app.progress().save();
  }
}
