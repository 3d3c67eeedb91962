package dev.kubelab.labs.classroom;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelab.labs.api.Course;
import dev.kubelab.labs.api.Lab;
import dev.kubelab.labs.api.Placement;
import dev.kubelab.labs.check.CheckKinds;
import dev.kubelab.labs.content.ContentSource;
import dev.kubelab.labs.content.CourseLoader;
import dev.kubelab.labs.engine.LabEngine;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Namespaced mode's start and reset: the namespace is the student's, so it is never created nor deleted. */
@EnableKubernetesMockClient(crud = true)
class InPlaceTest {
  static KubernetesClient client;
  LabEngine engine;
  Lab lab;

  @BeforeEach
  void load() throws Exception {
    Path root = Path.of(getClass().getResource("/course-ok/course.yaml").toURI()).getParent();
    CourseLoader loader = new CourseLoader(ContentSource.directory(root), CheckKinds.builtIn());
    Course course = loader.load();
    engine = new LabEngine(course, loader.templates(), CheckKinds.builtIn(), client, false);
    lab = course.requireLab("demo/basics");
    client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-1").endMetadata().withNewStatus().addNewCondition()
        .withType("Ready").withStatus("True").endCondition().endStatus().build()).createOr(NonDeletingOperation::update);
  }

  @Test
  void resetInPlaceDeletesTheLabsObjectsKeepsTheNamespaceAndTheClassesObjectsAndSetsUpAgain() {
    String ns = "class-c-ada";
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).addToLabels("kubelab.dev/class", "c")
        .endMetadata().build()).create();
    client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("class-notes")
        .addToLabels("kubelab.dev/class", "c").endMetadata().build()).create();
    client.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName("mine").endMetadata().build()).create();
    Placement p = Placement.into(lab, ns);

    Map<String, String> uids = engine.startInPlace(lab, p, m -> {});
    assertThat(client.configMaps().inNamespace(ns).withName("settings").get().getData()).containsEntry("mode", "off");
    assertThat(engine.recordedSetupUids(lab, p)).isEqualTo(uids).containsKey("ConfigMap/" + ns + "/settings");
    engine.applySolution(lab, lab.exercises().get(0), p, m -> {});
    engine.applySolution(lab, lab.exercises().get(1), p, m -> {});
    assertThat(client.storage().v1().storageClasses().withName(ns + "-fast").get()).isNotNull();

    Map<String, String> again = engine.resetInPlace(lab, p, m -> {});
    assertThat(client.namespaces().withName(ns).get()).isNotNull();
    assertThat(client.configMaps().inNamespace(ns).withName("settings").get().getData()).containsEntry("mode", "off");
    assertThat(again.get("ConfigMap/" + ns + "/settings")).isNotEqualTo(uids.get("ConfigMap/" + ns + "/settings"));
    assertThat(engine.recordedSetupUids(lab, p)).isEqualTo(again);
    assertThat(client.configMaps().inNamespace(ns).withName("class-notes").get()).isNotNull();
    assertThat(client.secrets().inNamespace(ns).withName("mine").get()).isNotNull();
    // a cluster-scoped kind the lab names is never listed and deleted wholesale from a namespace
    assertThat(client.storage().v1().storageClasses().withName(ns + "-fast").get()).isNotNull();
  }

  @Test
  void placementIntoNeedsAOneNamespaceLab() {
    assertThat(Placement.into(lab, "x").namespaces()).containsExactly(Map.entry(lab.namespaces().get(0), "x"));
    assertThat(Namespaced.unavailable(lab)).hasValueSatisfying(r -> assertThat(r).contains("cluster-wide"));
  }

  @Test
  void nodeAndAddOnLabsCannotRunInAClassNamespaceAndPolicyEnforcementAloneIsNoReason() {
    java.util.function.Function<dev.kubelab.labs.api.Lab.Requirements, dev.kubelab.labs.api.Lab> with = r ->
        new dev.kubelab.labs.api.Lab(lab.id(), lab.chapterId(), lab.title(), lab.vmware(), null, r, lab.namespaces(), lab.setup(),
            lab.cleanup(), lab.exercises(), lab.identities());
    // enforcement alone is no reason: only a block graded inside one namespace is (StudentLabsTest: micro-segmentation)
    assertThat(Namespaced.unavailable(with.apply(new dev.kubelab.labs.api.Lab.Requirements(1, false, false, null,
        false, true, false, java.util.List.of())))).isEmpty();
    assertThat(Namespaced.unavailable(with.apply(new dev.kubelab.labs.api.Lab.Requirements(1, false, false, null,
        false, false, true, java.util.List.of())))).hasValueSatisfying(r -> assertThat(r).contains("nodes"));
    assertThat(Namespaced.unavailable(with.apply(new dev.kubelab.labs.api.Lab.Requirements(1, false, false, null,
        false, false, false, java.util.List.of("flux"))))).hasValueSatisfying(r -> assertThat(r).contains("installs flux"));
    assertThat(Namespaced.unavailable(with.apply(new dev.kubelab.labs.api.Lab.Requirements(1, false, false, null,
        true, false, false, java.util.List.of())))).isEmpty();
  }
}
