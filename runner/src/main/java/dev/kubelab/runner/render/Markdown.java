package dev.kubelab.runner.render;

import java.util.ArrayList;
import java.util.List;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.Code;
import org.commonmark.node.Emphasis;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Link;
import org.commonmark.node.ListBlock;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.node.Text;
import org.commonmark.node.ThematicBreak;
import org.commonmark.parser.Parser;

/**
 * Markdown for the terminal: headings bold and underlined, emphasis, code in cyan, bullet and
 * numbered lists, quotes, tables in aligned columns, paragraphs wrapped to the width. Without colour, plain text that still
 * reads well (inline code keeps its backticks, headings get a rule beneath).
 */
public final class Markdown {
  private static final Parser PARSER = Parser.builder().extensions(List.of(TablesExtension.create())).build();
  private static final String COLUMN_GAP = "  ";
  private static final String CODE_INDENT = "    ";

  private final Ansi ansi;
  private final int width;

  public Markdown(Ansi ansi, int width) {
    this.ansi = ansi;
    this.width = Math.max(20, width);
  }

  public String render(String markdown) {
    if (markdown == null || markdown.isBlank()) return "";
    return String.join("\n", blocks(PARSER.parse(markdown), width, false)).stripTrailing();
  }

  /** Renders, then indents every line (for hints and explanations under a check). */
  public String render(String markdown, String indent) {
    return render(markdown, indent, indent);
  }

  /** Renders with {@code first} before the first line (a label such as "hint: ") and {@code indent} before the others. */
  public String render(String markdown, String first, String indent) {
    int used = Math.max(Ansi.visibleLength(first), indent.length());
    List<String> lines = blocks(PARSER.parse(markdown == null ? "" : markdown), width - used, false);
    return String.join("\n", prefixed(lines, first, indent)).stripTrailing();
  }

  private List<String> blocks(Node parent, int w, boolean tight) {
    List<String> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNext()) {
      List<String> lines = block(n, w);
      if (lines.isEmpty()) continue;
      if (!out.isEmpty() && !tight) out.add("");
      out.addAll(lines);
    }
    return out;
  }

  private List<String> block(Node n, int w) {
    if (n instanceof Heading h) return heading(h, w);
    if (n instanceof Paragraph) return wrap(inline(n), w);
    if (n instanceof ListBlock l) return list(l, w);
    if (n instanceof FencedCodeBlock f) return code(f.getLiteral());
    if (n instanceof IndentedCodeBlock c) return code(c.getLiteral());
    if (n instanceof BlockQuote) return prefixed(blocks(n, w - 2, false), "│ ", "│ ");
    if (n instanceof ThematicBreak) return List.of(ansi.dim("─".repeat(Math.min(w, 40))));
    if (n instanceof HtmlBlock h) return h.getLiteral().stripTrailing().lines().toList();
    if (n instanceof TableBlock t) return table(t, w);
    return blocks(n, w, false);
  }

  private List<String> heading(Heading h, int w) {
    List<Piece> pieces = new ArrayList<>();
    inline(h, ansi.enabled() ? Ansi.BOLD + ";" + Ansi.UNDERLINE : "", pieces);
    List<String> lines = new ArrayList<>(wrap(pieces, w));
    if (!ansi.enabled() && !lines.isEmpty()) {
      int len = lines.stream().mapToInt(String::length).max().orElse(0);
      lines.add((h.getLevel() == 1 ? "=" : "-").repeat(len));
    }
    return lines;
  }

  private List<String> list(ListBlock l, int w) {
    List<String> out = new ArrayList<>();
    int number = l instanceof OrderedList o && o.getMarkerStartNumber() != null ? o.getMarkerStartNumber() : 1;
    for (Node item = l.getFirstChild(); item != null; item = item.getNext()) {
      String marker = l instanceof OrderedList ? (number++) + ". " : "• ";
      List<String> lines = blocks(item, w - marker.length(), l.isTight());
      if (lines.isEmpty()) lines = List.of("");
      if (!out.isEmpty() && !l.isTight()) out.add("");
      out.addAll(prefixed(lines, marker, " ".repeat(marker.length())));
    }
    return out;
  }

  /**
   * A table in aligned columns, the header bold over a rule. Columns that do not fit share the
   * width and wrap their cells; when even that is too narrow, each row becomes "header: value" lines.
   */
  private List<String> table(TableBlock t, int w) {
    List<List<List<Piece>>> rows = new ArrayList<>();
    for (Node section = t.getFirstChild(); section != null; section = section.getNext()) {
      for (Node row = section.getFirstChild(); row != null; row = row.getNext()) {
        List<List<Piece>> cells = new ArrayList<>();
        for (Node cell = row.getFirstChild(); cell != null; cell = cell.getNext()) {
          List<Piece> pieces = new ArrayList<>();
          inline(cell, cell instanceof TableCell c && c.isHeader() ? Ansi.BOLD : "", pieces);
          cells.add(pieces);
        }
        rows.add(cells);
      }
    }
    int cols = rows.stream().mapToInt(List::size).max().orElse(0);
    if (cols == 0) return List.of();
    int[] natural = new int[cols];
    int[] longestWord = new int[cols];
    for (List<List<Piece>> row : rows) {
      for (int c = 0; c < row.size(); c++) {
        String text = row.get(c).stream().map(Piece::text).reduce("", String::concat);
        natural[c] = Math.max(natural[c], text.length());
        for (String word : text.split("\\s+")) longestWord[c] = Math.max(longestWord[c], word.length());
      }
    }
    int room = w - COLUMN_GAP.length() * (cols - 1);
    int[] widths = natural.clone();
    if (java.util.Arrays.stream(natural).sum() > room) {
      int[] min = new int[cols];
      for (int c = 0; c < cols; c++) min[c] = Math.min(natural[c], Math.max(6, Math.min(longestWord[c], room / cols)));
      int spare = room - java.util.Arrays.stream(min).sum();
      if (spare < 0) return records(rows, w);
      int wants = 0;
      for (int c = 0; c < cols; c++) wants += natural[c] - min[c];
      for (int c = 0; c < cols; c++) widths[c] = min[c] + (wants == 0 ? 0 : (int) ((long) spare * (natural[c] - min[c]) / wants));
    }
    List<String> out = new ArrayList<>();
    for (int r = 0; r < rows.size(); r++) {
      List<List<String>> cellLines = new ArrayList<>();
      int height = 1;
      for (int c = 0; c < cols; c++) {
        List<String> lines = c < rows.get(r).size() ? wrap(rows.get(r).get(c), widths[c]) : List.of();
        cellLines.add(lines);
        height = Math.max(height, lines.size());
      }
      for (int line = 0; line < height; line++) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < cols; c++) {
          String cell = line < cellLines.get(c).size() ? cellLines.get(c).get(line) : "";
          sb.append(cell);
          if (c < cols - 1) sb.append(" ".repeat(Math.max(0, widths[c] - Ansi.visibleLength(cell)))).append(COLUMN_GAP);
        }
        out.add(sb.toString().stripTrailing());
      }
      if (r == 0) out.add(ansi.dim("─".repeat(Math.min(w, java.util.Arrays.stream(widths).sum() + COLUMN_GAP.length() * (cols - 1)))));
    }
    return out;
  }

  /** A table too wide for the terminal: each row as "header: value" lines, rows apart. */
  private List<String> records(List<List<List<Piece>>> rows, int w) {
    List<String> out = new ArrayList<>();
    List<List<Piece>> header = rows.get(0);
    for (List<List<Piece>> row : rows.subList(1, rows.size())) {
      if (!out.isEmpty()) out.add("");
      for (int c = 0; c < row.size(); c++) {
        List<Piece> line = new ArrayList<>();
        if (c < header.size()) {
          line.addAll(header.get(c));
          line.add(new Piece(":", Ansi.BOLD, false));
        }
        line.add(new Piece(" ", "", true));
        line.addAll(row.get(c));
        out.addAll(wrap(line, w));
      }
    }
    return out;
  }

  private List<String> code(String literal) {
    return literal.stripTrailing().lines().map(line -> CODE_INDENT + ansi.cyan(line)).toList();
  }

  private static List<String> prefixed(List<String> lines, String first, String rest) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      out.add(line.isEmpty() && i > 0 ? rest.stripTrailing() : (i == 0 ? first : rest) + line);
    }
    return out;
  }

  /** A run of text in one style; code spans are not broken across lines. */
  private record Piece(String text, String style, boolean breakable) {
    static final Piece NEWLINE = new Piece("\n", "", false);
  }

  private List<Piece> inline(Node parent) {
    List<Piece> out = new ArrayList<>();
    inline(parent, "", out);
    return out;
  }

  private void inline(Node parent, String style, List<Piece> out) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNext()) {
      if (n instanceof Text t) {
        out.add(new Piece(t.getLiteral(), style, true));
      } else if (n instanceof Code c) {
        out.add(new Piece(ansi.enabled() ? c.getLiteral() : "`" + c.getLiteral() + "`", Ansi.combine(style, Ansi.CYAN), false));
      } else if (n instanceof Emphasis) {
        inline(n, Ansi.combine(style, Ansi.ITALIC), out);
      } else if (n instanceof StrongEmphasis) {
        inline(n, Ansi.combine(style, Ansi.BOLD), out);
      } else if (n instanceof Link link) {
        int before = out.size();
        inline(n, Ansi.combine(style, Ansi.UNDERLINE), out);
        String text = out.subList(before, out.size()).stream().map(Piece::text).reduce("", String::concat);
        if (!text.equals(link.getDestination())) out.add(new Piece(" (" + link.getDestination() + ")", Ansi.combine(style, Ansi.DIM), true));
      } else if (n instanceof SoftLineBreak) {
        out.add(new Piece(" ", style, true));
      } else if (n instanceof HardLineBreak) {
        out.add(Piece.NEWLINE);
      } else if (n instanceof HtmlInline h) {
        out.add(new Piece(h.getLiteral(), style, true));
      } else {
        inline(n, style, out);
      }
    }
  }

  /** Greedy word wrap by visible width; a word longer than the line gets a line of its own. */
  private List<String> wrap(List<Piece> pieces, int w) {
    List<List<Piece>> words = new ArrayList<>();
    List<Piece> word = new ArrayList<>();
    for (Piece p : pieces) {
      if (p == Piece.NEWLINE || !p.breakable()) {
        if (p == Piece.NEWLINE) {
          flush(words, word);
          words.add(List.of(Piece.NEWLINE));
        } else {
          word.add(p);
        }
        continue;
      }
      String t = p.text();
      int i = 0;
      while (i < t.length()) {
        if (Character.isWhitespace(t.charAt(i))) {
          flush(words, word);
          while (i < t.length() && Character.isWhitespace(t.charAt(i))) i++;
        } else {
          int j = i;
          while (j < t.length() && !Character.isWhitespace(t.charAt(j))) j++;
          word.add(new Piece(t.substring(i, j), p.style(), true));
          i = j;
        }
      }
    }
    flush(words, word);
    List<String> lines = new ArrayList<>();
    List<Piece> line = new ArrayList<>();
    int used = 0;
    for (List<Piece> wd : words) {
      if (wd.size() == 1 && wd.get(0) == Piece.NEWLINE) {
        lines.add(render(line));
        line.clear();
        used = 0;
        continue;
      }
      int len = wd.stream().mapToInt(p -> p.text().length()).sum();
      if (used > 0 && used + 1 + len > w) {
        lines.add(render(line));
        line.clear();
        used = 0;
      }
      if (used > 0) {
        String before = line.get(line.size() - 1).style();
        line.add(new Piece(" ", before.equals(wd.get(0).style()) ? before : "", true));
        used++;
      }
      line.addAll(wd);
      used += len;
    }
    if (used > 0) lines.add(render(line));
    return lines;
  }

  /** One line, each run of a style written once, so a styled phrase is underlined or italic across its spaces. */
  private String render(List<Piece> line) {
    StringBuilder out = new StringBuilder();
    StringBuilder run = new StringBuilder();
    String style = null;
    for (Piece p : line) {
      if (style != null && !style.equals(p.style())) {
        out.append(ansi.apply(run.toString(), style));
        run.setLength(0);
      }
      style = p.style();
      run.append(p.text());
    }
    if (style != null) out.append(ansi.apply(run.toString(), style));
    return out.toString();
  }

  private static void flush(List<List<Piece>> words, List<Piece> word) {
    if (!word.isEmpty()) {
      words.add(List.copyOf(word));
      word.clear();
    }
  }
}
