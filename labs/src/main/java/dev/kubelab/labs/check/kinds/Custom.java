package dev.kubelab.labs.check.kinds;

import dev.kubelab.labs.check.Check;
import dev.kubelab.labs.check.CheckKind;
import dev.kubelab.labs.check.CustomCheck;
import dev.kubelab.labs.check.Outcome;
import dev.kubelab.labs.check.Params;

/** A Java class named by the content, for what the declarative kinds cannot express. */
public final class Custom implements CheckKind {
  @Override
  public String name() {
    return "custom";
  }

  @Override
  public Check create(Params p) {
    String className = p.string("class");
    if (className.isEmpty()) return ctx -> Outcome.fail("no class");
    try {
      Class<?> type = Class.forName(className, true, Thread.currentThread().getContextClassLoader());
      if (!CustomCheck.class.isAssignableFrom(type)) {
        p.problem("class", className + " does not implement " + CustomCheck.class.getName());
        return ctx -> Outcome.fail("bad class");
      }
      CustomCheck check = (CustomCheck) type.getDeclaredConstructor().newInstance();
      check.configure(p);
      return check::evaluate;
    } catch (ReflectiveOperationException | LinkageError e) {
      p.problem("class", "cannot load " + className + ": " + e);
      return ctx -> Outcome.fail("cannot load " + className);
    }
  }
}
