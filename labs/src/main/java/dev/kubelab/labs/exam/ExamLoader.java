package dev.kubelab.labs.exam;

import dev.kubelab.labs.api.Course;
import dev.kubelab.labs.api.Exercise;
import dev.kubelab.labs.api.Lab;
import dev.kubelab.labs.api.Text;
import dev.kubelab.labs.content.ContentSource;
import dev.kubelab.labs.content.Problems;
import dev.kubelab.labs.content.Yaml;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the exams listed in {@code exams/index.yaml} and validates them against the course: every
 * task names a lab and exercise the course has, every pool holds what its domain draws. Every
 * problem is collected, with file, line and field, before it fails. A course without an index has
 * no exams.
 */
public final class ExamLoader {
  public static final String INDEX = "exams/index.yaml";
  private static final Set<String> INDEX_KEYS = Set.of("exams");
  private static final Set<String> EXAM_KEYS = Set.of("name", "title", "description", "minutes", "passMark", "domains");
  private static final Set<String> DOMAIN_KEYS = Set.of("id", "title", "weight", "draw", "tasks");
  private static final Set<String> TASK_KEYS = Set.of("lab", "exercise", "points");

  private final ContentSource source;
  private final Course course;

  public ExamLoader(ContentSource source, Course course) {
    this.source = source;
    this.course = course;
  }

  /** Every exam of the course, or an error listing every problem found. */
  public ExamCatalog load() {
    Problems problems = new Problems();
    ExamCatalog catalog = load(problems);
    problems.throwIfAny("the exams in " + source.describe());
    return catalog;
  }

  /** Loads what it can and adds every problem found to {@code problems} (for 'validate'). */
  public ExamCatalog load(Problems problems) {
    Optional<String> index = source.read(INDEX);
    if (index.isEmpty()) return new ExamCatalog(List.of());
    Yaml y = Yaml.parse(INDEX, index.get(), problems);
    y.allowOnly(INDEX_KEYS);
    List<ExamDefinition> exams = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Yaml item : y.get("exams").items()) {
      String name = item.string();
      if (!name.matches("[a-z0-9][a-z0-9-]{0,20}")) {
        item.problem("exam names are 1-21 lowercase letters, digits and dashes, found '" + name + "'");
      } else if (!seen.add(name)) {
        item.problem("exam '" + name + "' is listed twice");
      } else {
        exam(name, item, problems).ifPresent(exams::add);
      }
    }
    if (y.get("exams").isMissing() || !y.get("exams").isList()) y.get("exams").problem("must list the exam files' names");
    return new ExamCatalog(List.copyOf(exams));
  }

  private Optional<ExamDefinition> exam(String name, Yaml listed, Problems problems) {
    String file = "exams/" + name + ".yaml";
    Optional<String> text = source.read(file);
    if (text.isEmpty()) {
      listed.problem("no file " + file);
      return Optional.empty();
    }
    Yaml y = Yaml.parse(file, text.get(), problems);
    y.allowOnly(EXAM_KEYS);
    String declared = y.get("name").string();
    if (!declared.isEmpty() && !declared.equals(name)) y.get("name").problem("must be '" + name + "', the file's name");
    int minutes = y.get("minutes").integer(0);
    if (minutes < 1 || minutes > 24 * 60) y.get("minutes").problem("must be between 1 and 1440, found " + minutes);
    int pass = y.get("passMark").integer(0);
    if (pass < 1 || pass > 100) y.get("passMark").problem("must be a percentage between 1 and 100, found " + pass);
    List<ExamDefinition.Domain> domains = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    Set<String> tasks = new HashSet<>();
    for (Yaml d : y.get("domains").items()) {
      ExamDefinition.Domain domain = domain(d, tasks);
      if (!domain.id().isEmpty() && !ids.add(domain.id())) d.get("id").problem("domain '" + domain.id() + "' is listed twice");
      domains.add(domain);
    }
    if (domains.stream().mapToInt(ExamDefinition.Domain::draw).sum() == 0) {
      y.get("domains").problem("the exam draws no task: give at least one domain tasks and a draw count");
    }
    return Optional.of(new ExamDefinition(name, y.get("title").string(), y.get("description").string(""), minutes, pass,
        List.copyOf(domains)));
  }

  private ExamDefinition.Domain domain(Yaml d, Set<String> seenTasks) {
    d.allowOnly(DOMAIN_KEYS);
    String id = d.get("id").string();
    if (!id.isEmpty() && !id.matches("[a-z0-9][a-z0-9-]*")) d.get("id").problem("use lowercase letters, digits and dashes");
    int weight = d.get("weight").integer(0);
    if (weight < 1 || weight > 100) d.get("weight").problem("must be between 1 and 100, found " + weight);
    List<ExamDefinition.TaskRef> pool = new ArrayList<>();
    for (Yaml t : d.get("tasks").items()) task(t, seenTasks).ifPresent(pool::add);
    if (!d.get("tasks").isMissing() && !d.get("tasks").isList()) d.get("tasks").problem("must be a list of tasks");
    int draw = d.get("draw").integer(-1);
    if (draw < 0) {
      d.get("draw").problem("say how many tasks an attempt draws from this domain (0 to " + pool.size() + ")");
      draw = 0;
    } else if (draw > pool.size()) {
      d.get("draw").problem("draws " + draw + " tasks but the pool has " + pool.size());
      draw = pool.size();
    }
    return new ExamDefinition.Domain(id, d.get("title").string(), weight, draw, List.copyOf(pool));
  }

  private Optional<ExamDefinition.TaskRef> task(Yaml t, Set<String> seenTasks) {
    t.allowOnly(TASK_KEYS);
    String labId = t.get("lab").string();
    String exerciseId = t.get("exercise").string();
    if (labId.isEmpty() || exerciseId.isEmpty()) return Optional.empty();
    Optional<Lab> lab = course.lab(labId);
    if (lab.isEmpty()) {
      List<String> near = course.suggest(labId);
      t.get("lab").problem("no lab '" + labId + "' in the course" + (near.isEmpty() ? "" : " (did you mean " + near.get(0) + "?)"));
      return Optional.empty();
    }
    Optional<Exercise> exercise = lab.get().exercise(exerciseId);
    if (exercise.isEmpty()) {
      String near = lab.get().exercises().stream().map(Exercise::id)
          .min(Comparator.comparingInt(e -> Text.distance(e, exerciseId))).orElse("");
      t.get("exercise").problem("lab " + labId + " has no exercise '" + exerciseId + "' (did you mean " + near + "?)");
      return Optional.empty();
    }
    int points = t.get("points").integer(exercise.get().points());
    if (points < 1) t.get("points").problem("must be at least 1, found " + points);
    if (!seenTasks.add(labId + "/" + exerciseId)) {
      t.problem("task " + labId + " › " + exerciseId + " is already in this exam; a task may appear once");
    }
    return Optional.of(new ExamDefinition.TaskRef(labId, exerciseId, Math.max(points, 1)));
  }
}
