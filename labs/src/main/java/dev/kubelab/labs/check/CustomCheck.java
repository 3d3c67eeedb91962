package dev.kubelab.labs.check;

/**
 * The SPI for the rare check the declarative kinds cannot express. A content author names the
 * class in {@code kind: custom, class: ...}; it needs a public no-argument constructor.
 */
public interface CustomCheck {
  /** Reads the check's other fields; report problems with {@link Params#problem}. */
  void configure(Params params);

  Outcome evaluate(CheckContext ctx);
}
