package dev.kubelab.labs.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;

/**
 * What kubelab proved about a cluster and is slow to prove again (NetworkPolicy enforcement takes
 * up to half a minute), kept in {@code clusters.json} under kubelab's home, one entry per API
 * server URL. Written atomically; an unreadable file is taken as knowing nothing, and the next
 * proof writes it anew. {@link #forget} makes the next lab prove it again.
 */
final class ClusterFacts {
  static final String FILE = "clusters.json";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** A remembered outcome: whether policies are enforced, and when that was proven. */
  record PolicyFact(boolean enforced, Instant provenAt) {}

  private final Path file;

  /** Facts kept under {@code home}; with a null home nothing is remembered (tests, classroom grading). */
  ClusterFacts(Path home) {
    this.file = home == null ? null : home.resolve(FILE);
  }

  synchronized Optional<PolicyFact> policy(String server) {
    ObjectNode entry = (ObjectNode) read().get(server);
    if (entry == null || !entry.has("networkPolicyEnforced")) return Optional.empty();
    Instant at;
    try {
      at = Instant.parse(entry.path("provenAt").asText());
    } catch (java.time.format.DateTimeParseException e) {
      return Optional.empty();
    }
    return Optional.of(new PolicyFact(entry.path("networkPolicyEnforced").asBoolean(), at));
  }

  synchronized void rememberPolicy(String server, boolean enforced, Instant at) {
    if (file == null) return;
    ObjectNode all = read();
    ObjectNode entry = all.putObject(server);
    entry.put("networkPolicyEnforced", enforced);
    entry.put("provenAt", at.toString());
    write(all);
  }

  /** Which labs the cluster could not run when a course-wide preflight last asked it, and when. */
  record Marks(java.util.Map<String, java.util.List<String>> labs, Instant at) {}

  synchronized Optional<Marks> cannotRun(String server) {
    ObjectNode entry = (ObjectNode) read().get(server);
    if (entry == null || !entry.path("cannotRun").isObject()) return Optional.empty();
    Instant at;
    try {
      at = Instant.parse(entry.path("cannotRunAt").asText());
    } catch (java.time.format.DateTimeParseException e) {
      return Optional.empty();
    }
    java.util.Map<String, java.util.List<String>> labs = new java.util.LinkedHashMap<>();
    entry.path("cannotRun").properties().forEach(f -> {
      java.util.List<String> why = new java.util.ArrayList<>();
      f.getValue().forEach(r -> why.add(r.asText()));
      if (!why.isEmpty()) labs.put(f.getKey(), why);
    });
    return Optional.of(new Marks(labs, at));
  }

  synchronized void rememberCannotRun(String server, java.util.Map<String, java.util.List<String>> labs, Instant at) {
    if (file == null) return;
    ObjectNode all = read();
    ObjectNode entry = all.get(server) instanceof ObjectNode o ? o : all.putObject(server);
    ObjectNode marks = entry.putObject("cannotRun");
    labs.forEach((lab, why) -> {
      if (!why.isEmpty()) why.forEach(marks.putArray(lab)::add);
    });
    entry.put("cannotRunAt", at.toString());
    write(all);
  }

  synchronized void forget(String server) {
    if (file == null) return;
    ObjectNode all = read();
    if (all.remove(server) != null) write(all);
  }

  private ObjectNode read() {
    if (file == null || !Files.isRegularFile(file)) return JSON.createObjectNode();
    try {
      return JSON.readTree(file.toFile()) instanceof ObjectNode o ? o : JSON.createObjectNode();
    } catch (IOException e) {
      return JSON.createObjectNode(); // a cache: what it cannot read is proven again
    }
  }

  private void write(ObjectNode all) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), FILE, ".tmp");
      try {
        Files.writeString(tmp, JSON.writeValueAsString(all));
        try {
          Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + file, e);
    }
  }
}
