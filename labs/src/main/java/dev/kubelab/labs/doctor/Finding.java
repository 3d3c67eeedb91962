package dev.kubelab.labs.doctor;

/**
 * One line of {@code kubelab doctor}: what was looked at, what was found, and how to fix it.
 *
 * @param mark   fine, worth a look (or could not be told), or in the way
 * @param topic  what was looked at, e.g. "container engine"
 * @param found  what was found, in a sentence
 * @param fix    what to do about it; empty when nothing needs doing
 */
public record Finding(Mark mark, String topic, String found, String fix) {

  public enum Mark {
    /** Fine. */
    OK,
    /** Works with limits, or could not be told: worth reading. */
    WARN,
    /** In the way: kubelab cannot run its cluster or reach one until it is fixed. */
    FAIL
  }

  public static Finding ok(String topic, String found) {
    return new Finding(Mark.OK, topic, found, "");
  }

  public static Finding warn(String topic, String found, String fix) {
    return new Finding(Mark.WARN, topic, found, fix);
  }

  public static Finding fail(String topic, String found, String fix) {
    return new Finding(Mark.FAIL, topic, found, fix);
  }

  public boolean blocks() {
    return mark == Mark.FAIL;
  }

  /** The same finding as a warning: for a machine whose engine the learner's own cluster makes unneeded. */
  public Finding softened() {
    return mark == Mark.FAIL ? new Finding(Mark.WARN, topic, found, fix) : this;
  }
}
