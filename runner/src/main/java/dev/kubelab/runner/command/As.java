package dev.kubelab.runner.command;

import dev.kubelab.labs.api.Identity;
import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.runner.App;
import dev.kubelab.runner.Main;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

/**
 * kubectl as one of the lab's identities, through impersonation (--as, --as-group), so a learner
 * meets "forbidden" first-hand and checks their RBAC the way the API server sees it.
 */
@Command(name = "as", description = {"Run kubectl as one of the current lab's identities (impersonation).",
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
    Current c = Current.require(app);
    Map<String, Identity> identities = c.lab().identities();
    Identity id = identities.get(name);
    if (id == null) {
      throw KubelabException.usage("no identity '" + name + "' in lab " + c.lab().id(),
          identities.isEmpty() ? "this lab has no identities to act as" : "the lab's identities: " + String.join(", ", identities.keySet()));
    }
    List<String> rest = !args.isEmpty() && args.get(0).equals("kubectl") ? args.subList(1, args.size()) : args;
    if (rest.isEmpty()) throw KubelabException.usage("what should " + name + " run?", "e.g. 'as " + name + " kubectl get pods'");
    Identity.Subject s = id.subject(c.placement()::namespace);
    List<String> impersonation = new ArrayList<>(List.of("--as=" + s.user()));
    s.groups().stream().filter(g -> !g.equals("system:authenticated")).forEach(g -> impersonation.add("--as-group=" + g));
    app.out().println(app.ansi().dim("  as " + s.describe()));
    return Kubectl.run(app, impersonation, rest);
  }

  @Override
  public List<String> candidates(App app, List<String> typed) {
    if (typed.size() > 1) return List.of();
    return Current.find(app).map(c -> List.copyOf(c.lab().identities().keySet())).orElse(List.of());
  }
}
