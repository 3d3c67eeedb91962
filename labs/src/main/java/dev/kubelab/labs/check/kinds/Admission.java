package dev.kubelab.labs.check.kinds;

import dev.kubelab.labs.api.Identity;
import dev.kubelab.labs.check.Check;
import dev.kubelab.labs.check.CheckKind;
import dev.kubelab.labs.check.Outcome;
import dev.kubelab.labs.check.Params;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;

/**
 * Would the cluster admit this object? A server-side dry-run create, so quota, LimitRange, Pod
 * Security and admission policies all have their say and nothing is created.
 */
public final class Admission implements CheckKind {
  @Override
  public String name() {
    return "admission";
  }

  @Override
  public boolean needsRealCluster() {
    return true;
  }

  @Override
  public Check create(Params p) {
    Object raw = p.raw("object");
    String yaml = raw instanceof Map<?, ?> m ? p.render(new org.yaml.snakeyaml.Yaml().dump(m)) : null;
    if (yaml == null) p.problem("object", "is required: the manifest to try, as a mapping");
    String expect = p.string("expect");
    if (!expect.equals("admitted") && !expect.equals("rejected")) p.problem("expect", "must be admitted or rejected, found '" + expect + "'");
    String messageContains = p.optString("messageContains", null);
    Identity who = p.has("as") ? p.identity("as") : null;
    return ctx -> {
      if (!ctx.realCluster()) return Outcome.skip("needs a real cluster: only the API server's admission chain can say");
      KubernetesClient client = ctx.client();
      HasMetadata obj = client.getKubernetesSerialization().unmarshal(yaml);
      if (obj instanceof Namespaced && obj.getMetadata().getNamespace() == null) obj.getMetadata().setNamespace(ctx.namespace(null));
      String what = obj.getKind() + " '" + obj.getMetadata().getName() + "'";
      KubernetesClient as = who == null ? client : impersonating(client, who.subject(ctx::namespace));
      try {
        as.resource(obj).dryRun().create();
        return expect.equals("admitted") ? Outcome.pass("the cluster admits " + what)
            : Outcome.fail("expected the cluster to reject " + what + ", but it was admitted: nothing stops it yet");
      } catch (KubernetesClientException e) {
        if (e.getCode() == 0 || e.getCode() >= 500 || e.getCode() == 409) {
          return Outcome.fail("could not try " + what + ": " + (e.getStatus() != null ? e.getStatus().getMessage() : e.getMessage()));
        }
        String message = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
        if (expect.equals("admitted")) return Outcome.fail("expected the cluster to admit " + what + ", but it was rejected: " + message);
        if (messageContains != null && !message.toLowerCase().contains(messageContains.toLowerCase())) {
          return Outcome.fail("the cluster rejected " + what + ", but not for the expected reason ('" + messageContains + "'): " + message);
        }
        return Outcome.pass("the cluster rejects " + what + ": " + message);
      } finally {
        if (as != client) as.close();
      }
    };
  }

  private static KubernetesClient impersonating(KubernetesClient client, Identity.Subject s) {
    return new KubernetesClientBuilder().withConfig(new ConfigBuilder(client.getConfiguration())
        .withImpersonateUsername(s.user()).withImpersonateGroups(s.groups().toArray(String[]::new)).build()).build();
  }
}
