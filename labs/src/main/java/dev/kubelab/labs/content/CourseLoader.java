package dev.kubelab.labs.content;

import dev.kubelab.labs.addon.Addons;

import dev.kubelab.labs.api.Chapter;
import dev.kubelab.labs.api.CheckSpec;
import dev.kubelab.labs.api.Course;
import dev.kubelab.labs.api.Exercise;
import dev.kubelab.labs.api.Identity;
import dev.kubelab.labs.api.Lab;
import dev.kubelab.labs.api.NodeCommand;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the course from a {@link ContentSource} and validates all of it: structure, ids, check
 * fields, and every template rendered strictly. Every problem is collected before it fails.
 */
public final class CourseLoader {
  private static final Set<String> COURSE_KEYS = Set.of("title", "chapters");
  private static final Set<String> CHAPTER_KEYS = Set.of("id", "title", "book", "vmware", "summary", "labs");
  private static final Set<String> LAB_KEYS =
      Set.of("id", "title", "vmware", "intro", "requires", "namespaces", "identities", "setup", "cleanup", "exercises", "nodeSetup", "nodeCleanup");
  private static final Set<String> IDENTITY_KEYS = Set.of("user", "groups", "serviceAccount");
  private static final Set<String> REQUIRES_KEYS = Set.of("nodes", "defaultStorageClass", "clusterScoped", "distribution", "traefik", "networkPolicy", "nodeAccess", "addons", "apis", "clusterKinds", "operators");
  private static final Set<String> DISTRIBUTIONS = Set.of("k3s");
  /** A kind of an API group (built-in kinds need no requirement): group/version/Kind. */
  private static final java.util.regex.Pattern API_KIND =
      java.util.regex.Pattern.compile("[a-z0-9-]+(\\.[a-z0-9-]+)+/v[0-9]+[a-z0-9]*/[A-Z][A-Za-z0-9]*");
  private static final Set<String> EXERCISE_KEYS =
      Set.of("id", "title", "vmware", "instructions", "points", "hints", "solution", "checks", "wrong");
  private static final Set<String> SOLUTION_KEYS = Set.of("apply", "delete", "answers", "notes", "state", "nodeRun", "addon");
  private static final Set<String> WRONG_KEYS = Set.of("what", "afterSolution", "apply", "manifests", "delete", "answers", "state",
      "stateManifests", "nodeRun", "addon", "fails");
  private static final Set<String> NODE_COMMAND_KEYS = Set.of("node", "run");

  private final ContentSource source;
  private final Templates templates;
  private final LabVerifier verifier;

  public CourseLoader(ContentSource source, dev.kubelab.labs.check.CheckKinds kinds) {
    this.source = source;
    this.templates = new Templates(source);
    this.verifier = new LabVerifier(source, templates, kinds);
  }

  public Templates templates() {
    return templates;
  }

  public ContentSource source() {
    return source;
  }

  /** Loads and validates the whole course, templates and checks included, or fails listing every problem. */
  public Course load() {
    return load(true);
  }

  /**
   * Loads the course. With {@code renderEverything} false only its structure is checked, not each
   * template and check: for the packaged course, which the build's self-tests have proven, so that
   * start-up stays fast. Content from a folder is always loaded with everything verified.
   */
  public Course load(boolean renderEverything) {
    Problems problems = new Problems();
    Yaml course = doc("course.yaml", problems);
    course.allowOnly(COURSE_KEYS);
    String title = course.get("title").string();
    Map<String, String> images = images(problems);
    List<Chapter> chapters = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String id : course.get("chapters").strings()) {
      if (!seen.add(id)) course.get("chapters").problem("chapter '" + id + "' is listed twice");
      else chapters.add(chapter(id, problems));
    }
    if (chapters.isEmpty()) course.get("chapters").problem("lists no chapters");
    if (renderEverything) {
      for (Chapter c : chapters) {
        for (Lab lab : c.labs()) verifier.verify(lab, images, problems);
      }
    }
    problems.throwIfAny("the course in " + source.describe());
    return new Course(title, List.copyOf(chapters), images);
  }

  private Map<String, String> images(Problems problems) {
    Yaml doc = doc("images.yaml", problems);
    Map<String, String> images = new LinkedHashMap<>();
    for (String key : doc.keys()) {
      String ref = doc.get(key).string();
      if (ref.endsWith(":latest") || !ref.substring(ref.lastIndexOf('/') + 1).contains(":")) {
        doc.get(key).problem("pin a tag (e.g. busybox:1.37.0), found '" + ref + "'");
      }
      images.put(key, ref);
    }
    return images;
  }

  private Chapter chapter(String id, Problems problems) {
    String dir = "chapters/" + id + "/";
    Yaml y = doc(dir + "chapter.yaml", problems);
    if (y.isMissing()) return new Chapter(id, id, 0, "", "", List.of());
    y.allowOnly(CHAPTER_KEYS);
    idMatches(y, id);
    List<Lab> labs = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String lab : y.get("labs").strings()) {
      if (!seen.add(lab)) y.get("labs").problem("lab '" + lab + "' is listed twice");
      else labs.add(lab(id, lab, problems));
    }
    if (labs.isEmpty()) y.get("labs").problem("lists no labs");
    return new Chapter(id, y.get("title").string(), y.get("book").integer(0), y.get("vmware").string(),
        y.get("summary").string(""), List.copyOf(labs));
  }

  private Lab lab(String chapter, String id, Problems problems) {
    String dir = "chapters/" + chapter + "/" + id + "/";
    Yaml y = doc(dir + "lab.yaml", problems);
    y.allowOnly(LAB_KEYS);
    idMatches(y, id);
    Yaml req = y.get("requires");
    req.allowOnly(REQUIRES_KEYS);
    Lab.Requirements requires = new Lab.Requirements(req.get("nodes").integer(1),
        req.get("defaultStorageClass").bool(false), req.get("clusterScoped").bool(false), req.get("distribution").string(null),
        req.get("traefik").bool(false), req.get("networkPolicy").bool(false), req.get("nodeAccess").bool(false),
        req.get("addons").strings(), req.get("apis").strings(), req.get("clusterKinds").strings(), req.get("operators").strings());
    for (String kind : requires.clusterKinds()) {
      if (!dev.kubelab.labs.classroom.ClassPolicy.KINDS.containsKey(kind)) {
        req.get("clusterKinds").problem("'" + kind + "' is not a cluster-scoped kind a class can offer; known: "
            + dev.kubelab.labs.classroom.ClassPolicy.KINDS.keySet());
      }
    }
    if (!requires.clusterKinds().isEmpty() && !requires.clusterScoped()) {
      req.get("clusterKinds").problem("names cluster-scoped kinds, so the lab needs 'clusterScoped: true' too");
    }
    if (requires.nodes() < 1 || requires.nodes() > 5) req.get("nodes").problem("must be between 1 and 5, not " + requires.nodes());
    for (String addon : requires.addons()) {
      if (!Addons.IDS.contains(addon)) {
        req.get("addons").problem("'" + addon + "' is not an add-on kubelab can install; known: " + Addons.IDS);
      }
    }
    for (String api : requires.apis()) {
      if (!API_KIND.matcher(api).matches()) {
        req.get("apis").problem("'" + api + "' is not group/version/Kind (e.g. gateway.networking.k8s.io/v1/HTTPRoute)");
      }
    }
    for (String operator : requires.operators()) {
      if (dev.kubelab.labs.operator.Operators.get(operator).isEmpty()) {
        req.get("operators").problem("'" + operator + "' is not an operator kubelab can run; known: " + dev.kubelab.labs.operator.Operators.IDS);
      }
    }
    if (!requires.operators().isEmpty() && !requires.clusterScoped()) {
      req.get("clusterScoped").problem("must be true: an operator's CustomResourceDefinition is cluster-wide");
    }
    if (requires.distribution() != null && !DISTRIBUTIONS.contains(requires.distribution())) {
      req.get("distribution").problem("'" + requires.distribution() + "' is not one kubelab can recognise; known: " + DISTRIBUTIONS);
    }
    List<String> namespaces = y.get("namespaces").isMissing() ? List.of("main") : y.get("namespaces").strings();
    for (String ns : namespaces) {
      if (!ns.matches("[a-z][a-z0-9-]{0,20}")) y.get("namespaces").problem("'" + ns + "' must be a short lowercase name");
    }
    if (new HashSet<>(namespaces).size() != namespaces.size()) y.get("namespaces").problem("lists a name twice");
    Map<String, Identity> identities = identities(y.get("identities"));
    List<Exercise> exercises = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (Yaml e : y.get("exercises").items()) {
      Exercise ex = exercise(dir, e, identities);
      if (!ids.add(ex.id())) e.get("id").problem("duplicate exercise id '" + ex.id() + "'");
      exercises.add(ex);
    }
    if (exercises.isEmpty()) y.get("exercises").problem("needs at least one exercise");
    List<NodeCommand> nodeSetup = nodeCommands(y.get("nodeSetup"));
    List<NodeCommand> nodeCleanup = nodeCommands(y.get("nodeCleanup"));
    boolean onNodes = !nodeSetup.isEmpty() || !nodeCleanup.isEmpty() || exercises.stream().anyMatch(e -> !e.solution().nodeRun().isEmpty());
    if (onNodes && !requires.nodeAccess()) {
      req.get("nodeAccess").problem("must be true: the lab runs commands on nodes (nodeSetup, nodeCleanup or a solution's nodeRun)");
    }
    String intro = y.get("intro").isMissing() ? null : dir + y.get("intro").string();
    return new Lab(chapter + "/" + id, chapter, y.get("title").string(), y.get("vmware").string(), intro, requires,
        namespaces, prefix(dir, y.get("setup").strings()), y.get("cleanup").strings(), List.copyOf(exercises),
        java.util.Collections.unmodifiableMap(identities), nodeSetup, nodeCleanup);
  }

  /** {@code solution.addon}: per add-on id, steps in that add-on's own format, which it validates. */
  private static Map<String, Object> addonSteps(Yaml y) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String id : y.keys()) {
      var addon = Addons.builtIn().get(id);
      if (addon.isEmpty()) {
        y.get(id).problem("'" + id + "' is not an add-on kubelab can install; known: " + Addons.IDS);
        continue;
      }
      Object spec = y.get(id).plain();
      addon.get().validateSolution(spec).forEach(y.get(id)::problem);
      out.put(id, spec);
    }
    return java.util.Collections.unmodifiableMap(out);
  }

  /** A list of {node, run} commands; both are required. */
  private static List<NodeCommand> nodeCommands(Yaml y) {
    List<NodeCommand> out = new ArrayList<>();
    for (Yaml c : y.items()) {
      c.allowOnly(NODE_COMMAND_KEYS);
      out.add(new NodeCommand(c.get("node").string(), c.get("run").string()));
    }
    return List.copyOf(out);
  }

  private static Map<String, Identity> identities(Yaml y) {
    Map<String, Identity> out = new LinkedHashMap<>();
    for (String name : y.keys()) {
      Yaml i = y.get(name);
      i.allowOnly(IDENTITY_KEYS);
      String sa = i.get("serviceAccount").string(null);
      String user = i.get("user").string(null);
      List<String> groups = i.get("groups").strings();
      if (sa == null && user == null && groups.isEmpty()) i.problem("needs a user, groups or a serviceAccount");
      if (sa != null && (user != null || !groups.isEmpty())) i.problem("a ServiceAccount has no user or groups of its own");
      out.put(name, new Identity(user, groups, sa));
    }
    return out;
  }

  /** A check's {@code as: NAME} becomes the lab's identity of that name, so kinds see one form. */
  private static void resolveAs(Yaml c, Map<String, Object> fields, Map<String, Identity> identities) {
    if (!(fields.get("as") instanceof String name)) return;
    Identity id = identities.get(name);
    if (id == null) {
      c.get("as").problem("no identity '" + name + "' in the lab's identities" + (identities.isEmpty() ? "" : ": " + identities.keySet()));
      return;
    }
    Map<String, Object> inline = new LinkedHashMap<>();
    if (id.user() != null) inline.put("user", id.user());
    if (!id.groups().isEmpty()) inline.put("groups", id.groups());
    if (id.serviceAccount() != null) inline.put("serviceAccount", id.serviceAccount());
    fields.put("as", inline);
  }

  private Exercise exercise(String dir, Yaml e, Map<String, Identity> identities) {
    e.allowOnly(EXERCISE_KEYS);
    String id = e.get("id").string();
    if (!id.matches("[a-z0-9][a-z0-9-]*")) e.get("id").problem("must be lowercase letters, digits and dashes");
    int points = e.get("points").integer(0);
    if (points < 1) e.get("points").problem("must be at least 1");
    List<Exercise.Hint> hints = new ArrayList<>();
    for (Yaml h : e.get("hints").items()) {
      if (h.isMap()) {
        h.allowOnly(Set.of("text", "when"));
        hints.add(new Exercise.Hint(h.get("text").string(), h.get("when").string(null)));
      } else {
        hints.add(new Exercise.Hint(h.string(), null));
      }
    }
    Yaml s = e.get("solution");
    if (s.isMissing()) s.problem("is required: every exercise ships a reference solution");
    s.allowOnly(SOLUTION_KEYS);
    Exercise.Solution solution = steps(dir, s);
    List<CheckSpec> checks = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (Yaml c : e.get("checks").items()) {
      Map<String, Object> fields = new LinkedHashMap<>();
      if (c.plain() instanceof Map<?, ?> m) m.forEach((k, v) -> fields.put(String.valueOf(k), v));
      else c.problem("must be a mapping with id and kind");
      String cid = c.get("id").string();
      if (!ids.add(cid)) c.get("id").problem("duplicate check id '" + cid + "'");
      for (String k : List.of("id", "kind", "weight", "explain", "hint", "guard")) fields.remove(k);
      resolveAs(c, fields, identities);
      int weight = c.get("weight").integer(1);
      if (weight < 1) c.get("weight").problem("must be at least 1");
      checks.add(new CheckSpec(cid, c.get("kind").string(), weight, c.get("explain").string(null),
          c.get("hint").string(null), fields, c.where() + " (" + c.path() + ")", c.get("guard").bool(false)));
    }
    if (checks.isEmpty()) e.get("checks").problem("needs at least one check");
    List<Exercise.WrongCase> wrong = new ArrayList<>();
    for (Yaml w : e.get("wrong").items()) {
      w.allowOnly(WRONG_KEYS);
      String what = w.get("what").string();
      List<String> fails = w.get("fails").strings();
      for (String f : fails) if (!ids.contains(f)) w.get("fails").problem("no check '" + f + "' in this exercise");
      Exercise.WrongCase wc = new Exercise.WrongCase(what, w.get("afterSolution").bool(false), steps(dir, w),
          w.get("manifests").string(null), w.get("stateManifests").string(null), fails);
      Exercise.Solution st = wc.steps();
      if (st.apply().isEmpty() && st.delete().isEmpty() && st.answers().isEmpty() && wc.manifests() == null && st.state() == null
          && wc.stateManifests() == null && st.nodeRun().isEmpty() && st.addon().isEmpty() && !wc.afterSolution()) {
        w.problem("does nothing: give apply, manifests, delete, answers or state (or afterSolution with a spoiling step)");
      }
      for (String k : st.answers().keySet()) if (!ids.contains(k)) w.get("answers").problem("no check '" + k + "'");
      wrong.add(wc);
    }
    return new Exercise(id, e.get("title").string(), e.get("vmware").string(), dir + e.get("instructions").string(),
        points, List.copyOf(hints), solution, List.copyOf(checks), List.copyOf(wrong));
  }

  /** The steps of a solution or of a wrong case: files, deletions, answers, recorded state, node and add-on steps. */
  private Exercise.Solution steps(String dir, Yaml s) {
    Map<String, String> answers = new LinkedHashMap<>();
    for (String k : s.get("answers").keys()) answers.put(k, s.get("answers").get(k).string());
    return new Exercise.Solution(prefix(dir, s.get("apply").strings()), s.get("delete").strings(),
        answers, s.get("notes").isMissing() ? null : dir + s.get("notes").string(),
        s.get("state").isMissing() ? null : dir + s.get("state").string(), nodeCommands(s.get("nodeRun")), addonSteps(s.get("addon")));
  }

  private static List<String> prefix(String dir, List<String> files) {
    return files.stream().map(f -> dir + f).toList();
  }

  private static void idMatches(Yaml y, String folder) {
    String id = y.get("id").string(folder);
    if (!id.equals(folder)) y.get("id").problem("is '" + id + "' but the folder is '" + folder + "'");
  }

  private Yaml doc(String path, Problems problems) {
    return source.read(path).map(text -> Yaml.parse(path, text, problems)).orElseGet(() -> {
      problems.add(path, 0, "", "file not found in " + source.describe());
      return Yaml.parse(path, "", problems);
    });
  }
}
