package dev.kubelab.labs.addon;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/** The add-ons kubelab knows how to install, by id. */
public final class Addons {
  private final Map<String, Addon> byId = new LinkedHashMap<>();
  private final UnaryOperator<String> images;

  public Addons(List<Addon> addons) {
    this(addons, UnaryOperator.identity());
  }

  /** Add-ons whose images are moved by {@code images} (the learner's {@code --image-registry}). */
  public Addons(List<Addon> addons, UnaryOperator<String> images) {
    for (Addon a : addons) byId.put(a.id(), a);
    this.images = images;
  }

  /** Every add-on kubelab ships. */
  public static Addons builtIn() {
    return of(dev.kubelab.labs.content.ContentSource.classpath());
  }

  /** Every add-on kubelab ships, reading lab files (a GitOps lab's starting repository) from this course. */
  public static Addons of(dev.kubelab.labs.content.ContentSource content) {
    return of(content, UnaryOperator.identity());
  }

  /** As {@link #of(dev.kubelab.labs.content.ContentSource)}, pulling the add-ons' images through {@code images}. */
  public static Addons of(dev.kubelab.labs.content.ContentSource content, UnaryOperator<String> images) {
    return new Addons(List.of(new dev.kubelab.labs.gitops.FluxAddon(content), new dev.kubelab.labs.kubevirt.KubeVirtAddon()), images);
  }

  /** How the add-ons' images are moved to the learner's registry. */
  public UnaryOperator<String> images() {
    return images;
  }

  /** The ids a lab may name in {@code requires.addons}. */
  public static final Set<String> IDS = Set.copyOf(builtIn().byId.keySet());

  public Optional<Addon> get(String id) {
    return Optional.ofNullable(byId.get(id));
  }
}
