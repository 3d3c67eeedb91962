package dev.kubelab.labs.check.kinds;

import dev.kubelab.labs.check.Check;
import dev.kubelab.labs.check.CheckKind;
import dev.kubelab.labs.check.Outcome;
import dev.kubelab.labs.check.Params;
import dev.kubelab.labs.check.ResourceRef;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Provenance: the object is a new incarnation, so "the data survived a restart" needs a restart.
 * Without {@code newerThan}, its UID differs from the one setup recorded; with it, it was created
 * at least {@code by} (default 5s) after the object named there (a pod newer than the claim its
 * first incarnation created). The counterpart of {@code unchanged}.
 */
public final class Replaced implements CheckKind {
  @Override
  public String name() {
    return "replaced";
  }

  @Override
  public Check create(Params p) {
    ResourceRef ref = p.ref("resource");
    if (ref.name() == null && !ref.kind().equals("Unknown")) p.problem("resource", "must name one object");
    ResourceRef than = p.has("newerThan") ? p.ref("newerThan") : null;
    Duration by = Duration.ofSeconds(p.integer("bySeconds", 5));
    return ctx -> {
      Optional<GenericKubernetesResource> now = ctx.get(ref);
      if (now.isEmpty()) return Outcome.fail("expected a new " + ref.describe() + ", found none (yet)");
      if (than == null) {
        Optional<String> before = ctx.setupUid(Unchanged.key(now.get()));
        if (before.isEmpty()) return Outcome.fail(ref.describe() + " was not recorded at setup: reset the lab to record it");
        return before.get().equals(now.get().getMetadata().getUid())
            ? Outcome.fail("expected " + ref.describe() + " to have been replaced, found the one the lab created: it was never"
                + " deleted")
            : Outcome.pass(ref.describe() + " is a new one, not the one the lab created");
      }
      // creation times are the API server's: a mock stamps every object as it stores it
      if (!ctx.realCluster()) return Outcome.skip("needs a real cluster: it compares creation times the API server set");
      Optional<GenericKubernetesResource> other = ctx.get(than);
      if (other.isEmpty()) return Outcome.fail("expected " + than.describe() + " to compare " + ref.describe() + " with, found "
          + Describe.missing(than, ctx));
      Instant born = created(now.get());
      Instant reference = created(other.get());
      if (born == null || reference == null) return Outcome.fail("the cluster gave no creation time for " + ref.describe());
      Duration gap = Duration.between(reference, born);
      return gap.compareTo(by) >= 0
          ? Outcome.pass(ref.describe() + " was created " + gap.toSeconds() + "s after " + than.describe() + ": it was replaced")
          : Outcome.fail("expected " + ref.describe() + " to be newer than " + than.describe() + ", found it created with it: it"
              + " was never deleted and recreated");
    };
  }

  private static Instant created(GenericKubernetesResource r) {
    String t = r.getMetadata().getCreationTimestamp();
    try {
      return t == null ? null : Instant.parse(t);
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }
}
