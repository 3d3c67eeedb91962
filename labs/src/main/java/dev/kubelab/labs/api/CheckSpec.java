package dev.kubelab.labs.api;

import java.util.Map;

/**
 * A check as written in the content: its kind and raw fields, not yet bound to a placement.
 * {@code where} names the file and line it came from, for error messages. A {@code guard} holds
 * on the untouched start state and is there to catch a learner who breaks something ("the
 * ReplicaSet is the one the lab created"): it earns its weight only once the exercise shows
 * progress, so doing nothing earns nothing.
 */
public record CheckSpec(
    String id, String kind, int weight, String explain, String hint, Map<String, Object> fields, String where, boolean guard) implements java.io.Serializable {

  public CheckSpec(String id, String kind, int weight, String explain, String hint, Map<String, Object> fields, String where) {
    this(id, kind, weight, explain, hint, fields, where, false);
  }

  /** A question the learner answers ({@code answer}, {@code choice}), not a reading of the cluster. */
  public boolean question() {
    return isQuestion(kind);
  }

  public static boolean isQuestion(String kind) {
    return kind.equals("answer") || kind.equals("choice");
  }
}
