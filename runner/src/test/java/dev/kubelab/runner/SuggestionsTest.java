package dev.kubelab.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
  static final List<String> COMMANDS = List.of("validate", "watch", "progress", "check", "start", "status");

  @Test
  void closeMatchesAreKeptAndFarOnesDropped() {
    assertThat(Suggestions.close("frobnicate", COMMANDS)).isEmpty();
    assertThat(Suggestions.close("chek", COMMANDS)).containsExactly("check");
    assertThat(Suggestions.close("wacth", COMMANDS)).containsExactly("watch");
    assertThat(Suggestions.close("sta", COMMANDS)).containsExactly("start", "status");
    assertThat(Suggestions.close("--stacktrac", List.of("--stacktrace", "--keep"))).containsExactly("--stacktrace");
    assertThat(dev.kubelab.labs.api.Text.distance("kitten", "sitting")).isEqualTo(3);
    assertThat(dev.kubelab.labs.api.Text.distanceWithSwaps("lsit", "list")).as("two letters swapped").isEqualTo(1);
    assertThat(dev.kubelab.labs.api.Text.distance("lsit", "list")).as("without swaps, two edits").isEqualTo(2);
    assertThat(dev.kubelab.labs.api.Text.distanceWithSwaps("kitten", "sitting")).isEqualTo(3);
    assertThat(Suggestions.close("lsit", List.of("list", "exit", "hint"))).containsExactly("list");
    assertThat(Suggestions.close("stat", COMMANDS)).as("the nearest, and those that begin the same").containsExactly("start", "status");
  }
}
