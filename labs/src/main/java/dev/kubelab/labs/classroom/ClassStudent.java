package dev.kubelab.labs.classroom;

import io.fabric8.kubernetes.api.model.Namespace;
import java.util.Map;

/** A student as the cluster knows them: read back from their namespace's labels and annotations. */
public record ClassStudent(String id, String name, String email, String namespace) {

  /** The user name of the student's ServiceAccount, as the API server knows it. */
  public String user() {
    return "system:serviceaccount:" + namespace + ":" + Naming.SERVICE_ACCOUNT;
  }

  /** The groups the API server puts that ServiceAccount in. */
  public String[] groups() {
    return new String[] {"system:serviceaccounts", "system:serviceaccounts:" + namespace, "system:authenticated"};
  }

  static ClassStudent of(Namespace ns) {
    Map<String, String> labels = ns.getMetadata().getLabels() == null ? Map.of() : ns.getMetadata().getLabels();
    Map<String, String> notes = ns.getMetadata().getAnnotations() == null ? Map.of() : ns.getMetadata().getAnnotations();
    String key = labels.getOrDefault(Naming.STUDENT_LABEL, ns.getMetadata().getName());
    return new ClassStudent(notes.getOrDefault(Naming.ID_ANNOTATION, key), notes.getOrDefault(Naming.NAME_ANNOTATION, key),
        notes.get(Naming.EMAIL_ANNOTATION), ns.getMetadata().getName());
  }
}
