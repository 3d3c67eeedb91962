package dev.kubelab.runner.command;

import dev.kubelab.runner.App;
import dev.kubelab.runner.Main;
import java.util.LinkedHashMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** Puts the current lab back as it was at start; passed exercises stay passed. */
@Command(name = "reset", mixinStandardHelpOptions = true,
    description = {"Reset the current lab: delete its namespace and what it created, then set it up again.",
        "Your passed exercises, hints and answers are kept."})
public final class Reset implements Callable<Integer> {
  @ParentCommand
  private Main main;

  @Override
  public Integer call() {
    App app = main.app();
    Current c = Current.require(app);
    app.out().println(app.ansi().dim("Resetting " + c.lab().id() + " …"));
    java.util.function.Consumer<String> progress = line -> {
      app.out().println(app.ansi().dim("  " + line));
      app.out().flush();
    };
    // namespaced mode: the namespace is the learner's; only the lab's objects go
    var uids = app.namespacedMode().isPresent() ? app.engine().resetInPlace(c.lab(), c.placement(), progress)
        : app.engine().reset(c.lab(), c.placement(), progress);
    c.record().setupUids = new LinkedHashMap<>(uids);
    c.record().startedAt = app.clock().instant().toString();
    app.progress().save();
    app.out().println(app.ansi().green("✔ ") + c.lab().id() + " is as new; your progress is kept. 'task' shows where you are.");
    return 0;
  }
}
