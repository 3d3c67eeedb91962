package dev.kubelab.runner.command;

import dev.kubelab.labs.api.Identity;
import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.labs.api.Lab;
import dev.kubelab.labs.api.Placement;
import dev.kubelab.runner.App;
import dev.kubelab.runner.Main;
import dev.kubelab.runner.exam.AttemptTask;
import dev.kubelab.runner.exam.ExamSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

/**
 * kubectl as one of the lab's identities, through impersonation (--as, --as-group), so a learner
 * meets "forbidden" first-hand and checks their RBAC the way the API server sees it.
 */
@Command(name = "as", description = {"Run kubectl as one of the current lab's identities (impersonation);"
    + " during an exam, the current task's.",
    "e.g. 'as dev kubectl get secrets' or 'as dev auth can-i create deployments'."})
public final class As implements Callable<Integer>, PassThrough, Completes {
  @ParentCommand
  private Main main;

  @Parameters(index = "0", paramLabel = "IDENTITY", description = "an identity of the current lab")
  private String name;

  @Parameters(index = "1..*", paramLabel = "ARGS", description = "kubectl's arguments ('kubectl' itself may be left out)")
  private List<String> args = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    App app = main.app();
    // during an exam, the identities are the current task's, in its namespaces
    ExamSession session = new ExamSession(app);
    Optional<AttemptTask> task = session.currentTask();
    Lab lab;
    Placement placement;
    if (task.isPresent()) {
      lab = session.lab(task.get());
      placement = session.placement(task.get());
    } else {
      Current c = Current.require(app);
      lab = c.lab();
      placement = c.placement();
    }
    Map<String, Identity> identities = lab.identities();
    Identity id = identities.get(name);
    if (id == null) {
      String where = task.isPresent() ? "exam task " + task.get().number : "lab " + lab.id();
      throw KubelabException.usage("no identity '" + name + "' in " + where,
          identities.isEmpty() ? "this " + (task.isPresent() ? "task" : "lab") + " has no identities to act as"
              : "its identities: " + String.join(", ", identities.keySet()));
    }
    List<String> rest = !args.isEmpty() && args.get(0).equals("kubectl") ? args.subList(1, args.size()) : args;
    if (rest.isEmpty()) throw KubelabException.usage("what should " + name + " run?", "e.g. 'as " + name + " kubectl get pods'");
    Identity.Subject s = id.subject(placement::namespace);
    List<String> impersonation = new ArrayList<>(List.of("--as=" + s.user()));
    s.groups().stream().filter(g -> !g.equals("system:authenticated")).forEach(g -> impersonation.add("--as-group=" + g));
    app.out().println(app.ansi().dim("  as " + s.describe()));
    return Kubectl.run(app, impersonation, rest, Optional.of(placement.main()));
  }

  @Override
  public List<String> candidates(App app, List<String> typed) {
    if (typed.size() > 1) return List.of();
    ExamSession session = new ExamSession(app);
    Optional<AttemptTask> task = session.currentTask();
    if (task.isPresent()) return List.copyOf(session.lab(task.get()).identities().keySet());
    return Current.find(app).map(c -> List.copyOf(c.lab().identities().keySet())).orElse(List.of());
  }
}
