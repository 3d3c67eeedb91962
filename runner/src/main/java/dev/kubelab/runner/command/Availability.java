package dev.kubelab.runner.command;

import dev.kubelab.labs.api.Lab;
import dev.kubelab.labs.classroom.Namespaced;
import dev.kubelab.labs.engine.LabEngine;
import dev.kubelab.runner.App;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which labs cannot run on the open cluster, and why: one answer for 'list' and 'doctor', from the
 * engine's preflight, so neither can say a lab runs that 'start' then refuses.
 */
final class Availability {
  private Availability() {}

  /**
   * The labs that cannot run, in course order, each with its reasons. kubelab's own k3s takes the
   * shape a lab needs when it starts, so there only a remembered NetworkPolicy verdict counts. In
   * namespaced mode ({@code namespace} present) a lab the namespace cannot hold says so first.
   */
  static Map<String, List<String>> cannotRun(App app, List<Lab> labs, Optional<String> namespace) {
    LabEngine engine = app.engine();
    Map<String, List<String>> found = new HashMap<>();
    List<Lab> asked = labs;
    if (namespace.isPresent()) {
      labs.forEach(l -> Namespaced.unavailable(l).ifPresent(why -> found.put(l.id(), List.of("it " + why))));
      asked = labs.stream().filter(l -> !found.containsKey(l.id())).toList();
    }
    if (app.settings().clusterOptions().embedded()) {
      if (!engine.policyEnforcement().orElse(true)) {
        asked.stream().filter(l -> l.requires().networkPolicy()).forEach(l -> found.put(l.id(), engine.preflight(l)));
      }
    } else {
      engine.preflight(asked).forEach((lab, why) -> {
        if (!why.isEmpty()) found.put(lab, why);
      });
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    labs.stream().filter(l -> found.containsKey(l.id())).forEach(l -> out.put(l.id(), found.get(l.id())));
    return out;
  }
}
