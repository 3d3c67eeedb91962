package dev.kubelab.labs.api;

/**
 * The one error a user sees: what happened, how to fix it, and the process exit code.
 * Exit codes: 1 checks failed, 2 bad usage or input, 3 environment (no container engine,
 * cluster unreachable), 4 internal bug.
 */
public class KubelabException extends RuntimeException {
  public static final int FAILED = 1;
  public static final int USAGE = 2;
  public static final int ENVIRONMENT = 3;
  public static final int INTERNAL = 4;

  private final int exitCode;
  private final String hint;

  public KubelabException(int exitCode, String message, String hint) {
    this(exitCode, message, hint, null);
  }

  public KubelabException(int exitCode, String message, String hint, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
    this.hint = hint;
  }

  public static KubelabException usage(String message, String hint) {
    return new KubelabException(USAGE, message, hint);
  }

  public static KubelabException environment(String message, String hint) {
    return new KubelabException(ENVIRONMENT, message, hint);
  }

  public static KubelabException environment(String message, String hint, Throwable cause) {
    return new KubelabException(ENVIRONMENT, message, hint, cause);
  }

  public int exitCode() {
    return exitCode;
  }

  /** How to fix it; may be null. */
  public String hint() {
    return hint;
  }
}
