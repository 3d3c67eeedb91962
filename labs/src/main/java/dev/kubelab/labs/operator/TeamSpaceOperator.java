package dev.kubelab.labs.operator;

import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.labs.grade.Errors;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The TeamSpace operator ({@code requires: {operators: [teamspace]}}): a platform team's "team
 * space" as a custom resource. For each TeamSpace it keeps, in the same namespace, a ResourceQuota
 * with the requested amounts, a RoleBinding that gives the team's group the {@code edit} role, and
 * a default-deny ingress NetworkPolicy, each owned by the TeamSpace. Templates see, under
 * {@code teamspace.}: {@code group}, {@code version}, {@code apiVersion}, {@code kind} and {@code crd}.
 */
public final class TeamSpaceOperator implements Operator {
  public static final String ID = "teamspace";
  public static final String KIND = "TeamSpace";
  public static final String PLURAL = "teamspaces";
  public static final String VERSION = "v1";

  @Override
  public String id() {
    return ID;
  }

  /** The API group of a lab namespace's TeamSpaces. */
  public static String group(String namespace) {
    return namespace + ".kubelab.dev";
  }

  static ResourceDefinitionContext context(String namespace) {
    return new ResourceDefinitionContext.Builder().withGroup(group(namespace)).withVersion(VERSION).withKind(KIND)
        .withPlural(PLURAL).withNamespaced(true).build();
  }

  @Override
  public Map<String, Object> model(String namespace) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("group", group(namespace));
    m.put("version", VERSION);
    m.put("apiVersion", group(namespace) + "/" + VERSION);
    m.put("kind", KIND);
    m.put("crd", PLURAL + "." + group(namespace));
    return m;
  }

  /** The CRD for a namespace, from the operator's bundle. */
  CustomResourceDefinition crd(KubernetesClient client, String namespace) {
    try (InputStream in = TeamSpaceOperator.class.getResourceAsStream("teamspace-crd.yaml")) {
      if (in == null) throw new IllegalStateException("teamspace-crd.yaml is missing from kubelab's jar");
      String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("GROUP", group(namespace));
      return client.getKubernetesSerialization().unmarshal(yaml, CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void install(KubernetesClient client, String namespace, Duration established) {
    CustomResourceDefinition crd = crd(client, namespace);
    String name = crd.getMetadata().getName();
    try {
      client.apiextensions().v1().customResourceDefinitions().resource(crd).createOr(NonDeletingOperation::update);
      Instant deadline = Instant.now().plus(established);
      while (!established.isZero() && !established(client.apiextensions().v1().customResourceDefinitions().withName(name).get())) {
        if (Instant.now().isAfter(deadline)) {
          throw KubelabException.environment("the API server has not started serving " + name + " after " + established.toSeconds() + "s",
              "'kubectl describe crd " + name + "' says why; then reset the lab");
        }
        Thread.sleep(250);
      }
    } catch (KubernetesClientException e) {
      throw Errors.translate(e, "install the TeamSpace operator's CustomResourceDefinition " + name);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw KubelabException.environment("interrupted while installing " + name, "start the lab again");
    }
  }

  private static boolean established(CustomResourceDefinition crd) {
    return crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream().anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  @Override
  public void uninstall(KubernetesClient client, String namespace) {
    try {
      client.apiextensions().v1().customResourceDefinitions().withName(PLURAL + "." + group(namespace)).delete();
    } catch (KubernetesClientException e) {
      throw Errors.translate(e, "delete the TeamSpace CustomResourceDefinition of " + namespace);
    }
  }

  @Override
  public Run run(KubernetesClient client, String namespace) {
    return TeamSpaceRun.start(client, namespace, new TeamSpaceReconciler(client, namespace));
  }
}
