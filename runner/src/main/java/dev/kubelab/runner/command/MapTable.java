package dev.kubelab.runner.command;

import dev.kubelab.labs.api.KubelabException;
import dev.kubelab.labs.glossary.Glossary;
import dev.kubelab.labs.glossary.GlossaryEntry;
import dev.kubelab.labs.glossary.Layer;
import dev.kubelab.runner.App;
import dev.kubelab.runner.Main;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

/** The VMware-to-Kubernetes map, layer by layer, from the glossary; reads files only, never the cluster. */
@Command(name = "map", mixinStandardHelpOptions = true,
    description = {"The VMware-to-Kubernetes map, layer by layer, with the labs that practise each row.",
        "'map storage' shows one layer; 'explain TERM' says more about a row."})
public final class MapTable implements Callable<Integer>, Completes {
  @ParentCommand
  private Main main;

  @Parameters(arity = "0..1", paramLabel = "LAYER", description = "only this layer: management, compute, storage, networking, security or operations")
  private String only;

  @Override
  public Integer call() {
    App app = main.app();
    Layer filter = only == null ? null : Layer.of(only).orElseThrow(() -> KubelabException.usage(
        "no layer '" + only + "'", "the layers are " + String.join(", ", Layer.ids())));
    Glossary glossary = Explain.glossary(app);
    PrintWriter out = app.out();
    int width = Math.max(60, app.width());
    int vmware = width * 26 / 100;
    int kubernetes = width * 38 / 100;
    int labs = width - 2 - vmware - kubernetes - 4;
    out.println(app.ansi().bold("From VMware to Kubernetes") + app.ansi().dim("  — mental anchors, not exact equivalences"));
    for (Layer layer : Layer.values()) {
      List<GlossaryEntry> rows = glossary.layer(layer);
      if (rows.isEmpty() || (filter != null && filter != layer)) continue;
      out.println();
      out.println(app.ansi().bold(layer.id().toUpperCase(java.util.Locale.ROOT)));
      out.println(app.ansi().dim(row(List.of("VMware", "Kubernetes", "practise it in"), vmware, kubernetes, labs)));
      for (GlossaryEntry e : rows) {
        List<String> shown = e.labs().subList(0, Math.min(3, e.labs().size()));
        String practise = e.labs().isEmpty() ? "—"
            : String.join("\n", shown) + (e.labs().size() > shown.size() ? "\n(+" + (e.labs().size() - shown.size()) + " more)" : "");
        out.println(row(List.of(e.vmware(), e.kubernetes(), practise), vmware, kubernetes, labs));
      }
    }
    out.println();
    out.println(app.ansi().dim("'explain TERM' gives the details of a row: where the analogy breaks, and the kubectl to see it."));
    return 0;
  }

  /** One table row, each cell wrapped to its column, indented by two. */
  static String row(List<String> cells, int... widths) {
    List<List<String>> wrapped = new ArrayList<>();
    for (int i = 0; i < cells.size(); i++) wrapped.add(wrap(cells.get(i), widths[i]));
    int lines = wrapped.stream().mapToInt(List::size).max().orElse(1);
    StringBuilder sb = new StringBuilder();
    for (int l = 0; l < lines; l++) {
      StringBuilder line = new StringBuilder("  ");
      for (int i = 0; i < cells.size(); i++) {
        String text = l < wrapped.get(i).size() ? wrapped.get(i).get(l) : "";
        line.append(i == cells.size() - 1 ? text : pad(text, widths[i] + 2));
      }
      if (l > 0) sb.append('\n');
      sb.append(line.toString().stripTrailing());
    }
    return sb.toString();
  }

  /** Greedy word wrap, a new line at each '\n'; a word longer than the column gets a line of its own. */
  static List<String> wrap(String text, int width) {
    List<String> out = new ArrayList<>();
    for (String paragraph : text.split("\n")) out.addAll(wrapLine(paragraph, width));
    return out;
  }

  private static List<String> wrapLine(String text, int width) {
    List<String> out = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.split(" +")) {
      if (line.length() > 0 && line.length() + 1 + word.length() > width) {
        out.add(line.toString());
        line.setLength(0);
      }
      if (line.length() > 0) line.append(' ');
      line.append(word);
    }
    out.add(line.toString());
    return out;
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
  }

  @Override
  public List<String> candidates(App app, List<String> typed) {
    return typed.isEmpty() ? Layer.ids() : List.of();
  }
}
