package dev.kubelab.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelab.runner.render.Ansi;
import dev.kubelab.runner.render.Markdown;
import org.junit.jupiter.api.Test;

class MarkdownTest {
  static final String DOC = """
      # Claim storage

      Create a *PersistentVolumeClaim* named `data` with **1Gi**.

      - first item
      - second item

      1. one
      2. two

      ```yaml
      kind: PersistentVolumeClaim
      ```
      """;

  @Test
  void plainTextReadsWellWithoutEscapes() {
    String out = new Markdown(new Ansi(false), 100).render(DOC);
    assertThat(out).doesNotContain("\u001b[")
        .contains("Claim storage\n=============")
        .contains("Create a PersistentVolumeClaim named `data` with 1Gi.")
        .contains("• first item\n• second item")
        .contains("1. one\n2. two")
        .contains("    kind: PersistentVolumeClaim");
  }

  @Test
  void ansiStylesHeadingsEmphasisAndCode() {
    String out = new Markdown(new Ansi(true), 100).render(DOC);
    assertThat(out).contains("\u001b[1;4mClaim storage\u001b[0m")
        .contains("\u001b[3mPersistentVolumeClaim\u001b[0m")
        .contains("\u001b[36mdata\u001b[0m")
        .contains("\u001b[1m1Gi.\u001b[0m".replace("1Gi.", "1Gi"))
        .contains("    \u001b[36mkind: PersistentVolumeClaim\u001b[0m")
        .doesNotContain("`data`");
  }

  @Test
  void paragraphsWrapToTheWidthAndListItemsIndentTheirContinuation() {
    String text = "- " + "word ".repeat(20);
    String out = new Markdown(new Ansi(false), 30).render(text);
    assertThat(out.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(30));
    assertThat(out.lines().skip(1)).allSatisfy(line -> assertThat(line).startsWith("  word"));
  }

  @Test
  void wrappingCountsVisibleCharactersOnly() {
    String text = "`aaaa` ".repeat(10);
    String out = new Markdown(new Ansi(true), 20).render(text);
    assertThat(out.lines()).allSatisfy(line -> assertThat(Ansi.visibleLength(line)).isLessThanOrEqualTo(20));
    assertThat(out.lines().count()).isGreaterThan(1);
  }

  @Test
  void aLabelledBlockIndentsItsFollowingLines() {
    String out = new Markdown(new Ansi(false), 30).render("one two three four five six seven eight", "hint: ", "      ");
    assertThat(out).startsWith("hint: one two");
    assertThat(out.lines().skip(1)).allSatisfy(line -> assertThat(line).startsWith("      "));
  }

  static final String TABLE = """
      | vSphere | Kubernetes |
      | --- | --- |
      | storage policy | StorageClass |
      | VMDK you ask for | PersistentVolumeClaim, bound by the control plane when a pod needs it |
      """;

  @Test
  void tablesBecomeAlignedColumnsUnderTheirHeader() {
    String out = new Markdown(new Ansi(false), 100).render(TABLE);
    assertThat(out.lines().toList()).containsExactly(
        "vSphere           Kubernetes",
        "─".repeat(87),
        "storage policy    StorageClass",
        "VMDK you ask for  PersistentVolumeClaim, bound by the control plane when a pod needs it");
  }

  @Test
  void narrowTablesWrapTheirCellsAndTooNarrowOnesBecomeRecords() {
    String narrow = new Markdown(new Ansi(false), 50).render(TABLE);
    assertThat(narrow.lines()).allMatch(l -> l.length() <= 50);
    assertThat(narrow).contains("VMDK you    PersistentVolumeClaim, bound by the\nask for     control plane when a pod needs it");
    String tiny = new Markdown(new Ansi(false), 20).render("| a | b | c | d |\n|---|---|---|---|\n| abcdefgh | xxxxxxxx | yyyyyyyy | zzzzzzzz |\n");
    assertThat(tiny).contains("a: abcdefgh", "d: zzzzzzzz");
  }
}
