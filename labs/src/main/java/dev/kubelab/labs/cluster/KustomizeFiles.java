package dev.kubelab.labs.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * What a Kustomize directory needs from this machine: the directory itself and every local file
 * or directory its kustomization names outside it ({@code ../../base}, a patch beside it),
 * followed through the bases they name in turn. The built-in kubectl runs inside the node, so
 * these are copied in at the same absolute paths, where the relative references still resolve.
 */
final class KustomizeFiles {
  private static final List<String> FILE_NAMES = List.of("kustomization.yaml", "kustomization.yml", "Kustomization");
  private static final List<String> LISTS = List.of("resources", "bases", "components", "patchesStrategicMerge", "crds");
  private static final List<String> GENERATORS = List.of("configMapGenerator", "secretGenerator");

  private KustomizeFiles() {}

  /** The directories and files to copy, each absolute and normalised; none lies inside another. */
  static List<Path> needed(Path dir) {
    Set<Path> out = new LinkedHashSet<>();
    visit(dir.toAbsolutePath().normalize(), out);
    List<Path> roots = new ArrayList<>();
    for (Path p : out) {
      if (out.stream().noneMatch(o -> !o.equals(p) && Files.isDirectory(o) && p.startsWith(o))) roots.add(p);
    }
    return roots;
  }

  private static void visit(Path dir, Set<Path> out) {
    if (!out.add(dir)) return;
    Path file = FILE_NAMES.stream().map(dir::resolve).filter(Files::isRegularFile).findFirst().orElse(null);
    if (file == null) return;
    Object doc;
    try {
      doc = new Yaml(new LoaderOptions()).load(Files.readString(file));
    } catch (IOException | RuntimeException e) {
      return; // kubectl reports a kustomization it cannot read better than we can
    }
    if (!(doc instanceof Map<?, ?> k)) return;
    for (String ref : references(k)) {
      if (ref.contains("://") || ref.startsWith("github.com/") || ref.startsWith("git@")) continue; // remote: kubectl fetches it
      Path p = dir.resolve(ref).normalize();
      if (Files.isDirectory(p)) visit(p, out);
      else if (Files.isRegularFile(p)) out.add(p);
    }
  }

  /** Local paths a kustomization names: resources and bases, patch files, generator sources. */
  private static List<String> references(Map<?, ?> k) {
    List<String> refs = new ArrayList<>();
    for (String key : LISTS) strings(k.get(key), refs);
    if (k.get("patches") instanceof List<?> patches) {
      for (Object p : patches) if (p instanceof Map<?, ?> m && m.get("path") instanceof String s) refs.add(s);
    }
    for (String key : GENERATORS) {
      if (!(k.get(key) instanceof List<?> gens)) continue;
      for (Object g : gens) {
        if (!(g instanceof Map<?, ?> m)) continue;
        List<String> sources = new ArrayList<>();
        strings(m.get("files"), sources);
        strings(m.get("envs"), sources);
        if (m.get("env") instanceof String s) sources.add(s);
        sources.forEach(s -> refs.add(s.substring(s.indexOf('=') + 1))); // files: [key=path]
      }
    }
    return refs;
  }

  private static void strings(Object list, List<String> out) {
    if (list instanceof List<?> l) for (Object o : l) if (o instanceof String s) out.add(s);
  }
}
