package dev.kubelab.labs.classroom;

import dev.kubelab.labs.api.KubelabException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** How a class and its students are named and labelled on the cluster. */
public final class Naming {
  /** On every object of a class: the class name. */
  public static final String CLASS_LABEL = "kubelab.dev/class";
  /** On every object of a student: the student's key. */
  public static final String STUDENT_LABEL = "kubelab.dev/student";
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String NAME_ANNOTATION = "kubelab.dev/student-name";
  public static final String EMAIL_ANNOTATION = "kubelab.dev/student-email";
  public static final String ID_ANNOTATION = "kubelab.dev/student-id";
  /** On a student's extra namespace: the lab namespace it stands for (its main namespace has none). */
  public static final String LAB_NAMESPACE_LABEL = "kubelab.dev/lab-namespace";
  /** On a student's namespaces: the Pod Security level the class enforces there, which a lab's reset puts back. */
  public static final String POD_SECURITY_ANNOTATION = "kubelab.dev/pod-security-enforce";
  /** The ServiceAccount each student works as. */
  public static final String SERVICE_ACCOUNT = "student";
  /** The kubeconfig context of a class starts with this; namespaced mode recognises it without asking the cluster. */
  public static final String CONTEXT_PREFIX = "kubelab-class-";

  private static final Pattern CLASS_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,18}[a-z0-9])?");

  private Naming() {}

  /** The class name, or a usage error: short, lowercase, DNS-safe (it becomes part of every namespace). */
  public static String requireClassName(String name) {
    if (name == null || !CLASS_NAME.matcher(name).matches()) {
      throw KubelabException.usage("class name '" + name + "' must be 1 to 20 lowercase letters, digits or dashes"
          + " (starting and ending with a letter or digit)", "e.g. --name k8s-spring");
    }
    return name;
  }

  /** A student id as a DNS label part and label value: lowercase, [a-z0-9-], no leading or trailing dash. */
  public static String studentKey(String id) {
    return id.toLowerCase().replaceAll("[^a-z0-9-]+", "-").replaceAll("-{2,}", "-").replaceAll("^-+|-+$", "");
  }

  /** {@code class-<class>-<student>}, shortened with a hash of the student id where it would pass 63 characters. */
  public static String namespace(String className, String studentId) {
    String ns = "class-" + className + "-" + studentKey(studentId);
    if (ns.length() <= 63) return ns;
    String hash = sha256(studentId).substring(0, 8);
    return ns.substring(0, 54).replaceAll("-+$", "") + "-" + hash;
  }

  /**
   * A student's namespace for a lab's further namespace {@code logical} (a lab with several):
   * {@code <main>-<logical>}, shortened with a hash of the main namespace where it would pass 63
   * characters. Computed from the main namespace alone, so a student's kubelab finds it as the
   * instructor's does.
   */
  public static String extraNamespace(String mainNamespace, String logical) {
    String ns = mainNamespace + "-" + logical;
    if (ns.length() <= 63) return ns;
    String hash = sha256(mainNamespace).substring(0, 8);
    String head = mainNamespace.substring(0, Math.max(1, 63 - logical.length() - hash.length() - 2)).replaceAll("-+$", "");
    return head + "-" + hash + "-" + logical;
  }

  public static String context(String className) {
    return CONTEXT_PREFIX + className;
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
