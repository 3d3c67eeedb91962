package dev.kubelab.labs.addon;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The add-ons kubelab knows how to install, by id. */
public final class Addons {
  private final Map<String, Addon> byId = new LinkedHashMap<>();

  public Addons(List<Addon> addons) {
    for (Addon a : addons) byId.put(a.id(), a);
  }

  /** Every add-on kubelab ships. */
  public static Addons builtIn() {
    return of(dev.kubelab.labs.content.ContentSource.classpath());
  }

  /** Every add-on kubelab ships, reading lab files (a GitOps lab's starting repository) from this course. */
  public static Addons of(dev.kubelab.labs.content.ContentSource content) {
    return new Addons(List.of(new dev.kubelab.labs.gitops.FluxAddon(content), new dev.kubelab.labs.kubevirt.KubeVirtAddon()));
  }

  /** The ids a lab may name in {@code requires.addons}. */
  public static final Set<String> IDS = Set.copyOf(builtIn().byId.keySet());

  public Optional<Addon> get(String id) {
    return Optional.ofNullable(byId.get(id));
  }
}
