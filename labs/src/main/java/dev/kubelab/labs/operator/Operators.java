package dev.kubelab.labs.operator;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The operators kubelab can run in its own process, by id. */
public final class Operators {
  private static final Map<String, Operator> BY_ID = List.<Operator>of(new TeamSpaceOperator()).stream()
      .collect(Collectors.toUnmodifiableMap(Operator::id, Function.identity()));

  /** The ids a lab may name in {@code requires.operators}. */
  public static final Set<String> IDS = Set.copyOf(new java.util.TreeSet<>(BY_ID.keySet()));

  private Operators() {}

  public static Optional<Operator> get(String id) {
    return Optional.ofNullable(BY_ID.get(id));
  }
}
