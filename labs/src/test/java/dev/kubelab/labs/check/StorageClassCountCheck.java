package dev.kubelab.labs.check;

/** A custom check used by the tests: at least N StorageClasses exist. */
public class StorageClassCountCheck implements CustomCheck {
  private int atLeast;

  @Override
  public void configure(Params params) {
    atLeast = params.integer("atLeast", 1);
  }

  @Override
  public Outcome evaluate(CheckContext ctx) {
    int n = ctx.list(ResourceRef.parse("storage.k8s.io/v1/StorageClass")).size();
    return n >= atLeast ? Outcome.pass(n + " StorageClasses") : Outcome.fail("expected at least " + atLeast + " StorageClasses, found " + n);
  }
}
