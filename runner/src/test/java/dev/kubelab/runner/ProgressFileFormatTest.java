package dev.kubelab.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.kubelab.runner.progress.ExerciseRecord;
import dev.kubelab.runner.progress.LabRecord;
import dev.kubelab.runner.progress.Progress;
import dev.kubelab.runner.progress.ProgressStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The progress file stays what the ObjectMapper wrote before ProgressStore moved to jackson-jr:
 * the same bytes for the same progress, and every file the ObjectMapper wrote or refused is read
 * or refused the same way.
 */
class ProgressFileFormatTest {
  /** ProgressStore's ObjectMapper as it was, the reference for the format. */
  static final ObjectMapper BEFORE = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL);

  /** A file as kubelab wrote it with the ObjectMapper (a learner's, trimmed). */
  static final String WRITTEN_BEFORE = """
      {
        "version" : 1,
        "currentLab" : "gitops/drift",
        "currentExercise" : "revert",
        "labs" : {
          "gitops/drift" : {
            "startedAt" : "2026-03-01T10:00:00Z",
            "setupUids" : {
              "ConfigMap/kl-gitops-drift/settings" : "0b5c6a8e-1d2f-4e3a-9b7c-5d6e7f8a9b0c"
            },
            "nodes" : [ "k3d-kubelab-server-0", "k3d-kubelab-agent-0" ],
            "addons" : {
              "flux" : {
                "gitUrl" : "http://git.kl-gitops.svc/kl-gitops-drift.git",
                "head" : "5e1f0c3a9b8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f",
                "sample" : false
              }
            },
            "exercises" : {
              "revert" : {
                "passed" : true,
                "passedAt" : "2026-03-01T10:12:00Z",
                "bestScore" : 3.0,
                "hintsUsed" : 1,
                "hintsShown" : [ "check:reconciled" ],
                "solutionViewed" : false,
                "answers" : {
                  "replicas" : "3"
                }
              },
              "suspend" : {
                "passed" : false,
                "bestScore" : 0.5,
                "hintsUsed" : 0,
                "hintsShown" : [ ],
                "solutionViewed" : true,
                "answers" : { }
              }
            }
          },
          "basics/config" : {
            "setupUids" : { },
            "nodes" : [ ],
            "addons" : { },
            "exercises" : { }
          }
        }
      }""";

  @TempDir
  Path dir;

  final List<String> warnings = new ArrayList<>();

  ProgressStore store() {
    return new ProgressStore(dir.resolve("progress.json"), ProgressStoreTest.CLOCK, warnings::add);
  }

  static Progress everything() {
    Progress p = new Progress();
    p.currentLab = "gitops/drift";
    LabRecord lab = p.lab("gitops/drift");
    lab.startedAt = "2026-03-01T10:00:00Z";
    lab.setupUids.put("ConfigMap/ns/settings", "uid-1");
    lab.setupUids.put("Secret/ns/token", "uid-2");
    lab.nodes.addAll(List.of("server-0", "agent-0"));
    Map<String, Object> flux = new LinkedHashMap<>();
    flux.put("gitUrl", "http://git/x.git");
    flux.put("sample", false);
    flux.put("nothing", null);
    flux.put("nested", new LinkedHashMap<>(Map.of("list", List.of("a", 1, true))));
    lab.addons.put("flux", flux);
    lab.addons.put("kubevirt", null);
    ExerciseRecord ex = lab.exercise("revert");
    ex.passed = true;
    ex.passedAt = "2026-03-01T10:12:00Z";
    ex.bestScore = 2.5;
    ex.hintsUsed = 3;
    ex.hintsShown.addAll(List.of("0", "check:bound", "2"));
    ex.solutionViewed = true;
    ex.answers.put("cidr", "10.42.0.0/24");
    ex.answers.put("quote", "say \"hi\"\\ now\n\ttab é ü 日本 \u0001");
    lab.exercise("suspend");
    p.lab("basics/config");
    return p;
  }

  @Test
  void aSaveWritesTheBytesTheObjectMapperWrote() throws Exception {
    ProgressStore store = store();
    Progress p = everything();
    store.data().currentLab = p.currentLab;
    store.data().labs.putAll(p.labs);
    store.save();
    assertThat(new String(Files.readAllBytes(store.file()), StandardCharsets.UTF_8))
        .isEqualTo(new String(BEFORE.writeValueAsBytes(p), StandardCharsets.UTF_8));
  }

  @Test
  void emptyProgressIsWrittenAsBefore() throws Exception {
    ProgressStore store = store();
    store.save();
    assertThat(Files.readAllBytes(store.file())).isEqualTo(BEFORE.writeValueAsBytes(new Progress()));
  }

  @Test
  void aFileTheObjectMapperWroteLoadsAsItDidAndIsWrittenBackUnchanged() throws Exception {
    Files.writeString(dir.resolve("progress.json"), WRITTEN_BEFORE);
    ProgressStore store = store();
    Progress now = store.data();
    Progress then = BEFORE.readValue(WRITTEN_BEFORE, Progress.class);
    assertThat(BEFORE.writeValueAsString(now)).isEqualTo(BEFORE.writeValueAsString(then)).isEqualTo(WRITTEN_BEFORE);
    assertThat(now.labs).containsOnlyKeys("gitops/drift", "basics/config");
    ExerciseRecord revert = now.lab("gitops/drift").exercise("revert");
    assertThat(revert.passed).isTrue();
    assertThat(revert.bestScore).isEqualTo(3.0);
    assertThat(revert.hintsShown).containsExactly("check:reconciled");
    assertThat(now.lab("gitops/drift").addons.get("flux")).isEqualTo(then.lab("gitops/drift").addons.get("flux"));
    assertThat(now.lab("gitops/drift").score()).isEqualTo(3.5);
    store.save();
    assertThat(Files.readString(store.file())).isEqualTo(WRITTEN_BEFORE);
    assertThat(warnings).isEmpty();
  }

  @Test
  void unknownFieldsAtEveryLevelAreSkipped() throws Exception {
    String json = """
        {"version":2,"currentLab":"a/b","newTop":{"x":[1,2]},"labs":{"a/b":{"newLab":true,"exercises":
        {"e":{"passed":true,"newExercise":"z","answers":{"k":"v"}}}}}}""";
    Files.writeString(dir.resolve("progress.json"), json);
    Progress p = store().data();
    assertThat(BEFORE.writeValueAsString(p)).isEqualTo(BEFORE.writeValueAsString(BEFORE.readValue(json, Progress.class)));
    assertThat(p.lab("a/b").exercise("e").answers).containsEntry("k", "v");
    assertThat(warnings).isEmpty();
  }

  /** Odd files, and each field of each record holding each kind of value, right or wrong. */
  static Stream<String> oddFiles() {
    Stream<String> whole = Stream.of(
        "", "   ", "null", "[]", "42", "\"text\"", "{}", "{\"labs\":null}", "{\"labs\":[]}", "{\"labs\":{\"a/b\":null}}",
        "{\"labs\":{\"a/b\":\"x\"}}", "{\"labs\":{\"a/b\":[]}}", "{\"labs\":{\"a/b\":{\"exercises\":{\"e\":7}}}}",
        "{\"currentLab\":\"a/b\"} trailing", "{\"currentLab\":\"a/b\"}{}", "{\"currentLab\":\"a/b\"",
        "{\"currentLab\":\"a/b\",\"currentLab\":\"c/d\"}", "{'currentLab':'a/b'}", "{\"currentLab\":\"a/b\" /* c */}",
        "{\"labs\":{\"a/b\":{\"addons\":{\"flux\":{\"n\":[1,2.5,null,{\"x\":\"y\"}]}}}}}");
    List<String> values = List.of("\"two\"", "\"2\"", "\" 2 \"", "\"+2\"", "\"-1\"", "-1", "\"\"", "\"  \"", "true", "false",
        "\"true\"", "\"True\"", "\"TRUE\"", "\"false\"", "\"yes\"", "\"null\"", "\"0\"", "\"1\"", "0", "1", "2", "1.5", "2.0",
        "-0.0", "1e3", "1e400", "99999999999", "\"99999999999\"", "12345678901234567890123", "\"2.5\"", "\"1e3\"", "\"NaN\"",
        "\"Infinity\"", "\"-INF\"", "\"0x10\"", "\"2d\"", "null", "[]", "[1]", "[\"a\"]", "[null]", "{}", "{\"a\":\"b\"}",
        "{\"a\":1}", "{\"a\":null}");
    List<String> top = List.of("version", "currentLab", "currentExercise", "labs");
    List<String> lab = List.of("startedAt", "setupUids", "nodes", "addons", "exercises");
    List<String> exercise = List.of("passed", "passedAt", "bestScore", "hintsUsed", "hintsShown", "solutionViewed", "answers");
    List<String> inside = List.of("setupUids\":{\"k\":%s}", "nodes\":[%s]", "addons\":{\"k\":%s}");
    List<String> insideExercise = List.of("hintsShown\":[%s]", "answers\":{\"k\":%s}");
    Stream<String> fields = values.stream().flatMap(v -> Stream.of(
        top.stream().map(f -> "{\"" + f + "\":" + v + "}"),
        lab.stream().map(f -> "{\"labs\":{\"a/b\":{\"" + f + "\":" + v + "}}}"),
        exercise.stream().map(f -> "{\"labs\":{\"a/b\":{\"exercises\":{\"e\":{\"" + f + "\":" + v + "}}}}}"),
        inside.stream().map(f -> "{\"labs\":{\"a/b\":{\"" + f.formatted(v) + "}}}"),
        insideExercise.stream().map(f -> "{\"labs\":{\"a/b\":{\"exercises\":{\"e\":{\"" + f.formatted(v) + "}}}}}"))
        .flatMap(s -> s));
    return Stream.concat(whole, fields);
  }

  /** Each is read, or refused and kept aside, as the ObjectMapper did: checked against it here. */
  @ParameterizedTest
  @MethodSource("oddFiles")
  void oddFilesAreReadOrKeptAsideAsTheObjectMapperDid(String content) throws Exception {
    Files.writeString(dir.resolve("progress.json"), content);
    Progress before;
    try {
      before = BEFORE.readValue(content, Progress.class);
    } catch (JsonProcessingException e) {
      before = null;
    }
    Progress now = store().data();
    if (before == null) {
      assertThat(warnings).as("kept aside").hasSize(1);
      assertThat(dir.resolve("progress.json")).doesNotExist();
    } else {
      assertThat(warnings).isEmpty();
      assertThat(BEFORE.writeValueAsString(now)).isEqualTo(BEFORE.writeValueAsString(before));
    }
  }
}
