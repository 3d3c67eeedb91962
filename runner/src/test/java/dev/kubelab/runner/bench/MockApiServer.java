package dev.kubelab.runner.bench;

import dev.kubelab.labs.api.Course;
import dev.kubelab.labs.api.Exercise;
import dev.kubelab.labs.api.Lab;
import dev.kubelab.labs.api.Placement;
import dev.kubelab.labs.check.CheckKinds;
import dev.kubelab.labs.content.ContentSource;
import dev.kubelab.labs.content.CourseLoader;
import dev.kubelab.labs.engine.LabEngine;
import dev.kubelab.labs.testing.MockState;
import dev.kubelab.runner.progress.LabRecord;
import dev.kubelab.runner.progress.Progress;
import dev.kubelab.runner.progress.ProgressStore;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A stand-in API server for {@code bench/check.sh} on a machine with no cluster: fabric8's CRUD
 * mock server on a loopback port, in its own JVM, holding one exercise in its solved state as
 * {@code kubelab start} and the reference solution would leave it (the solution's recorded state
 * standing in for controllers, as in the course's self-test). It writes a kubeconfig (plain http,
 * no credentials) that both kubelab and kubectl accept, and a kubelab home whose progress is on
 * that exercise with the solution's answers, then serves until killed.
 *
 * <p>It is not a kube-apiserver: no admission, no controllers, no auth, and its own speed. It is
 * a manual tool (not a test) and runs from the test classpath:
 * {@code MockApiServer KUBECONFIG HOME LAB EXERCISE [PORT]}.
 */
public final class MockApiServer {
  private MockApiServer() {}

  private static final Logger QUIET = Logger.getLogger("io.fabric8.mockwebserver");

  /** Built-in kinds kubectl may name in a teacher's script: group/version, then plural:Kind:namespaced:short names. */
  private static final Map<String, List<String>> RESOURCES = new LinkedHashMap<>();

  static {
    RESOURCES.put("v1", List.of("pods:Pod:true:po", "services:Service:true:svc", "namespaces:Namespace:false:ns", "nodes:Node:false:no",
        "configmaps:ConfigMap:true:cm", "secrets:Secret:true:", "serviceaccounts:ServiceAccount:true:sa",
        "persistentvolumeclaims:PersistentVolumeClaim:true:pvc", "persistentvolumes:PersistentVolume:false:pv",
        "events:Event:true:ev", "endpoints:Endpoints:true:ep", "resourcequotas:ResourceQuota:true:quota",
        "limitranges:LimitRange:true:limits"));
    RESOURCES.put("apps/v1", List.of("deployments:Deployment:true:deploy", "replicasets:ReplicaSet:true:rs",
        "statefulsets:StatefulSet:true:sts", "daemonsets:DaemonSet:true:ds", "controllerrevisions:ControllerRevision:true:"));
    RESOURCES.put("batch/v1", List.of("jobs:Job:true:", "cronjobs:CronJob:true:cj"));
    RESOURCES.put("networking.k8s.io/v1", List.of("ingresses:Ingress:true:ing", "networkpolicies:NetworkPolicy:true:netpol",
        "ingressclasses:IngressClass:false:"));
    RESOURCES.put("storage.k8s.io/v1", List.of("storageclasses:StorageClass:false:sc"));
    RESOURCES.put("rbac.authorization.k8s.io/v1", List.of("roles:Role:true:", "rolebindings:RoleBinding:true:",
        "clusterroles:ClusterRole:false:", "clusterrolebindings:ClusterRoleBinding:false:"));
    RESOURCES.put("policy/v1", List.of("poddisruptionbudgets:PodDisruptionBudget:true:pdb"));
    RESOURCES.put("autoscaling/v2", List.of("horizontalpodautoscalers:HorizontalPodAutoscaler:true:hpa"));
    RESOURCES.put("apiextensions.k8s.io/v1", List.of("customresourcedefinitions:CustomResourceDefinition:false:crd,crds"));
  }

  /**
   * The CRUD mock with API discovery in front (legacy documents, which kubectl and fabric8 both
   * read): kubectl needs it to resolve {@code deploy} or {@code rs}; the CRUD mock serves none.
   */
  static final class WithDiscovery extends Dispatcher {
    private final Dispatcher crud;
    private final Map<String, String> documents = new HashMap<>();

    WithDiscovery(Dispatcher crud) {
      this.crud = crud;
      StringBuilder groups = new StringBuilder();
      RESOURCES.forEach((gv, kinds) -> {
        StringBuilder list = new StringBuilder();
        for (String k : kinds) {
          String[] f = k.split(":", -1);
          String shortNames = f[3].isEmpty() ? "" : ",\"shortNames\":[\"" + f[3].replace(",", "\",\"") + "\"]";
          list.append(list.isEmpty() ? "" : ",").append("{\"name\":\"").append(f[0]).append("\",\"singularName\":\"")
              .append(f[1].toLowerCase(java.util.Locale.ROOT)).append("\",\"namespaced\":").append(f[2]).append(",\"kind\":\"")
              .append(f[1]).append("\",\"verbs\":[\"create\",\"delete\",\"deletecollection\",\"get\",\"list\",\"patch\",\"update\",\"watch\"]")
              .append(shortNames).append('}');
        }
        documents.put(gv.equals("v1") ? "/api/v1" : "/apis/" + gv, "{\"kind\":\"APIResourceList\",\"apiVersion\":\"v1\",\"groupVersion\":\""
            + gv + "\",\"resources\":[" + list + "]}");
        if (!gv.equals("v1")) {
          String group = gv.substring(0, gv.indexOf('/'));
          String version = "{\"groupVersion\":\"" + gv + "\",\"version\":\"" + gv.substring(gv.indexOf('/') + 1) + "\"}";
          groups.append(groups.isEmpty() ? "" : ",").append("{\"name\":\"").append(group).append("\",\"versions\":[").append(version)
              .append("],\"preferredVersion\":").append(version).append('}');
        }
      });
      documents.put("/api", "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"],\"serverAddressByClientCIDRs\":[]}");
      documents.put("/apis", "{\"kind\":\"APIGroupList\",\"apiVersion\":\"v1\",\"groups\":[" + groups + "]}");
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      String path = request.getPath();
      int query = path.indexOf('?');
      String document = request.method() == HttpMethod.GET ? documents.get(query < 0 ? path : path.substring(0, query)) : null;
      if (document == null) return crud.dispatch(request);
      return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json").setBody(document);
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 4) {
      System.err.println("usage: MockApiServer KUBECONFIG HOME LAB EXERCISE [PORT]");
      System.exit(2);
    }
    Path kubeconfig = Path.of(args[0]);
    Path home = Path.of(args[1]);
    String labId = args[2];
    String exerciseId = args[3];
    int port = args.length > 4 ? Integer.parseInt(args[4]) : 0;

    QUIET.setLevel(Level.WARNING); // the mock logs every request otherwise, at the benchmark's cost
    KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        new WithDiscovery(new KubernetesCrudDispatcher(List.of())), false);
    server.init(InetAddress.getLoopbackAddress(), port);
    Runtime.getRuntime().addShutdownHook(new Thread(server::destroy));

    CourseLoader loader = new CourseLoader(ContentSource.classpath(), CheckKinds.builtIn());
    Course course = loader.load();
    Lab lab = course.lab(labId).orElseThrow(() -> new IllegalArgumentException("no lab " + labId));
    Exercise exercise = lab.exercise(exerciseId).orElseThrow(() -> new IllegalArgumentException("no exercise " + exerciseId));
    Placement placement = Placement.standard(lab); // where 'kubelab start' puts it on a learner's own cluster

    LabRecord record = new LabRecord();
    try (KubernetesClient admin = server.createClient()) {
      MockState.seedK3s(admin);
      LabEngine engine = new LabEngine(course, loader.templates(), CheckKinds.builtIn(), admin, false);
      record.setupUids.putAll(engine.start(lab, placement, m -> {}));
      record.nodes.addAll(LabEngine.nodeNames(admin));
      for (Exercise e : lab.exercises()) {
        engine.applySolution(lab, e, placement, m -> {});
        if (e.solution().state() != null) {
          MockState.apply(admin, loader.templates().render(e.solution().state(), engine.model(lab, placement)), placement.main());
        }
        Map<String, String> answers = new LinkedHashMap<>();
        engine.solutionAnswers(lab, e, placement).forEach((key, value) -> answers.put(key.substring(key.indexOf('/') + 1), value));
        record.exercise(e.id()).answers.putAll(answers);
        if (e.id().equals(exercise.id())) break;
      }
    }

    ProgressStore store = new ProgressStore(home.resolve("progress.json"), Clock.systemUTC(), System.err::println);
    Progress progress = store.data();
    progress.currentLab = lab.id();
    progress.currentExercise = exercise.id();
    record.startedAt = Clock.systemUTC().instant().toString();
    progress.labs.put(lab.id(), record);
    store.save();

    String url = "http://127.0.0.1:" + server.getPort();
    Path tmp = kubeconfig.resolveSibling(kubeconfig.getFileName() + ".tmp");
    Files.writeString(tmp, """
        apiVersion: v1
        kind: Config
        clusters:
        - name: mock
          cluster:
            server: %s
        users:
        - name: mock
          user: {}
        contexts:
        - name: mock
          context:
            cluster: mock
            user: mock
        current-context: mock
        """.formatted(url));
    Files.move(tmp, kubeconfig, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    System.out.println("fabric8 mock API server (not a kube-apiserver) on " + url + ": " + lab.id() + "/" + exercise.id()
        + " solved in namespace " + placement.main());
    System.out.flush();
    Thread.currentThread().join(); // until killed
  }
}
