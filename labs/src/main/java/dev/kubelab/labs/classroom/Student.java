package dev.kubelab.labs.classroom;

/** One roster line: the student's id (unique in the class), name and optional email. */
public record Student(String id, String name, String email) {

  /** The id as it appears in names and labels: lowercase letters, digits and dashes. */
  public String key() {
    return Naming.studentKey(id);
  }
}
